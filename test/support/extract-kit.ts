import type { Clock } from '../../src/clock.js'
import type { RawEnvelope } from '../../src/extract/raw-envelope.js'
import { RAW_PREFIX } from '../../src/lake/layout.js'
import { getText, listAll, type ObjectStore } from '../../src/lake/object-store.js'
import { buildTables } from '../../src/transform/build-tables.js'
import { parseRawObject } from '../../src/transform/parse-raw-object.js'
import { readEnvelope } from '../../src/transform/read-envelope.js'
import type { TableRows } from '../../src/transform/table-specs.js'

/**
 * Helpers for tests of the extraction against the emulator: a fake clock and views of the raw
 * zone (the client with the demo user's token is the demo's own, `demoUserClient`).
 */

/**
 * A clock that a wait advances: waiting out a Retry-After or a backoff (its `setTimeout`, or
 * `sleep`) moves the time on at once and takes no real time.
 */
export function fakeClock(start = Date.parse('2026-03-01T06:00:00Z')) {
  let now = start
  const clock = {
    now: () => now,
    date: () => new Date(now),
    setTimeout: (callback: () => void, ms: number): unknown => {
      now += Math.max(0, ms)
      const timer = { cancelled: false }
      queueMicrotask(() => timer.cancelled || callback())
      return timer
    },
    clearTimeout: (handle: unknown) => {
      ;(handle as { cancelled: boolean }).cancelled = true
    },
    sleep: (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms)),
    advance: (ms: number) => {
      now += ms
    },
  }
  return clock satisfies Clock
}

/** Every raw envelope in the lake (or those whose key passes `keep`), by key. */
export async function rawEnvelopes(
  store: ObjectStore,
  keep: (key: string) => boolean = () => true,
): Promise<Map<string, RawEnvelope>> {
  const out = new Map<string, RawEnvelope>()
  for (const info of await listAll(store, RAW_PREFIX)) {
    if (keep(info.key)) out.set(info.key, JSON.parse(await getText(store, info.key)) as RawEnvelope)
  }
  return out
}

/**
 * The raw zone's content without what differs between equivalent runs (run ids, times, the
 * emulator's port): one line per object, `source/snapshot_date/source_id/page` and a digest of
 * the request URL, mode and response. Two extractions of the same data give the same lines.
 */
export async function rawContent(store: ObjectStore, apiBaseUrl: string): Promise<string[]> {
  const lines: string[] = []
  for (const envelope of (await rawEnvelopes(store)).values()) {
    const { source, snapshot_date, source_id, page, request, api_mode, response } = envelope
    const text = JSON.stringify({ url: request.url, api_mode, response }).replaceAll(apiBaseUrl, 'API')
    lines.push(`${source}/${snapshot_date}/${source_id}/${page} ${text}`)
  }
  return lines.sort()
}

/** The tables of one snapshot date, built by the pure transform from that date's raw objects. */
export async function partitionTables(store: ObjectStore, snapshotDate: string): Promise<TableRows> {
  const contents = []
  for (const info of await listAll(store, RAW_PREFIX)) {
    if (!info.key.includes(`/snapshot_date=${snapshotDate}/`)) continue
    contents.push(readEnvelope(parseRawObject(await getText(store, info.key))))
  }
  return buildTables(contents).tables
}
