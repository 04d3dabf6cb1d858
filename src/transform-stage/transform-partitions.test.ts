import { describe, expect, it } from 'vitest'
import { envelope, example, setIn } from '../../test/support/spotify-examples.js'
import { tempLake } from '../../test/support/temp-lake.js'
import type { RawEnvelope } from '../extract/raw-envelope.js'
import { rawKey } from '../lake/layout.js'
import { getText, listAll, type ObjectStore } from '../lake/object-store.js'
import { writerConnection } from '../lake/parquet/duckdb-session.js'
import { sqlString } from '../sql-quote.js'
import { buildTables, parseRawObject, readEnvelope } from '../transform/index.js'
import { pendingObjects, rawObjectsByDate, readLedger, UNDATED } from './transform-ledger.js'
import { transformDates } from './transform-partitions.js'

const DATE = '2026-11-23'
const ITEMS = example('responses/get-playlist-items.extended.json')
const PLAYLIST = example('objects/playlist.full-extended.json')

function keyOf(env: RawEnvelope, suffix = ''): string {
  const key = rawKey({
    source: env.source,
    snapshotDate: env.snapshot_date,
    sourceId: env.source_id,
    runId: env.run_id,
    page: env.page,
  })
  return suffix ? key.replace(/\.json$/, `${suffix}.json`) : key
}

/** Two good objects: a playlist (page 0, with its first items page) and a second items page. */
async function goodObjects(store: ObjectStore): Promise<string[]> {
  const playlist = envelope('playlists', PLAYLIST)
  const page = envelope('playlist_items', ITEMS, { page: 1 })
  for (const env of [playlist, page]) await store.put(keyOf(env), JSON.stringify(env))
  return [keyOf(playlist), keyOf(page)]
}

async function parquetRows(dir: string, key: string): Promise<Record<string, unknown>[]> {
  const connection = await writerConnection()
  const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet(${sqlString(`${dir}/${key}`)})`)
  return reader.getRowObjectsJson() as Record<string, unknown>[]
}

async function rawSnapshot(store: ObjectStore): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const o of await listAll(store, 'raw/')) out[o.key] = await getText(store, o.key)
  return out
}

describe('transformDates with bad raw objects', () => {
  it('quarantines each with its reason, transforms the rest, and the counts add up', async () => {
    const { store, dir } = await tempLake('transform')
    const good = await goodObjects(store)
    const valid = JSON.stringify(envelope('playlist_items', ITEMS, { page: 2 }))
    const bad: Record<string, [string, RegExp]> = {
      truncated: [valid.slice(0, valid.length / 2), /^not valid JSON/],
      'not-json': ['<html><body>503 Service Unavailable</body></html>', /^not valid JSON/],
      'not-an-envelope': [
        '{"items": [], "next": null}',
        /^not a tunelake raw envelope: field "format" is missing/,
      ],
      'unknown-shape': [
        JSON.stringify(envelope('playlist_items', { unexpected: true }, { page: 3 })),
        /^unexpected playlist_items response: body.items must be an array \(got nothing\)/,
      ],
      'wrong-types': [
        JSON.stringify(
          envelope('playlist_items', setIn(ITEMS, ['items', 0, 'track', 'duration_ms'], 'long'), { page: 4 }),
        ),
        /^unexpected playlist_items response: body.items\[0\].track.duration_ms must be an integer/,
      ],
      'error-response': [
        JSON.stringify(
          envelope(
            'playlist_items',
            { error: { status: 404, message: 'Not found.' } },
            {
              page: 5,
              response: { status: 404, body: { error: { status: 404, message: 'Not found.' } } },
            },
          ),
        ),
        /holds an error response \(status 404: Not found\.\)/,
      ],
      'other-date': [
        JSON.stringify(envelope('playlist_items', ITEMS, { page: 6, snapshot_date: '2026-11-22' })),
        /its snapshot_date 2026-11-22 does not match its folder \(snapshot_date=2026-11-23\)/,
      ],
    }
    const badKeys: Record<string, string> = {}
    let page = 10
    for (const [name, [text]] of Object.entries(bad)) {
      const key = keyOf(envelope('playlist_items', ITEMS, { page: page++ }), `-${name}`)
      badKeys[name] = key
      await store.put(key, text)
    }
    const undated = 'raw/spotify/playlist_items/dropped-by-hand.json'
    await store.put(undated, valid)
    const before = await rawSnapshot(store)

    const byDate = await rawObjectsByDate(store)
    const report = await transformDates(store, [...byDate.keys()].sort(), { byDate })

    expect(report.objects).toBe(good.length + Object.keys(bad).length + 1)
    expect(report.transformed).toBe(good.length)
    expect(report.transformed + report.quarantined.length).toBe(report.objects)
    for (const [name, [, reason]] of Object.entries(bad)) {
      const entry = report.quarantined.find((q) => q.key === badKeys[name])
      expect(entry?.reason, name).toMatch(reason)
      const file = JSON.parse(await getText(store, `quarantine/${badKeys[name]}.reason.json`))
      expect(file).toMatchObject({ key: badKeys[name], reason: entry?.reason })
      expect(await getText(store, `quarantine/${badKeys[name]}`)).toBe(bad[name]![0])
    }
    expect(report.quarantined.find((q) => q.key === undated)?.reason).toMatch(/its partition is unknown/)
    expect(await rawSnapshot(store)).toEqual(before)

    const tracks = await parquetRows(
      dir,
      `transformed/playlist_tracks/snapshot_date=${DATE}/part-00000.parquet`,
    )
    const goodContents = await Promise.all(
      good.map(async (k) => readEnvelope(parseRawObject(await getText(store, k)))),
    )
    const expectedRows = buildTables(goodContents).tables.playlist_tracks
    expect(expectedRows.length).toBeGreaterThan(0)
    expect(tracks.map((r) => [r.position, r.track_id])).toEqual(
      expectedRows.map((r) => [r.position, r.track_id]),
    )
    expect(await pendingObjects(store)).toEqual(new Map())
    expect((await readLedger(store, UNDATED))?.objects[undated]?.status).toBe('quarantined')
  })
})

describe('transformDates and the ledger', () => {
  it('records key and eTag of each object and the outputs; a new object makes only its date pending', async () => {
    const { store } = await tempLake('transform')
    const keys = await goodObjects(store)
    await transformDates(store, [DATE])
    const ledger = await readLedger(store, DATE)
    const infos = await listAll(store, 'raw/')
    expect(ledger?.objects).toEqual(
      Object.fromEntries(infos.map((o) => [o.key, { etag: o.etag, status: 'transformed' }])),
    )
    expect(ledger?.outputs).toContain(`transformed/tracks/snapshot_date=${DATE}/part-00000.parquet`)
    expect(keys).toHaveLength(2)

    const later = envelope('playlist_items', ITEMS, { snapshot_date: '2026-11-24', page: 1 })
    await store.put(keyOf(later), JSON.stringify(later))
    const pending = await pendingObjects(store)
    expect([...pending.keys()]).toEqual(['2026-11-24'])
    expect(pending.get('2026-11-24')?.map((o) => o.key)).toEqual([keyOf(later)])
  })

  it('writes the same tables again on a replay, and no extra files', async () => {
    const { store, dir } = await tempLake('transform')
    await goodObjects(store)
    await transformDates(store, [DATE])
    const first = await listAll(store, 'transformed/')
    const rows = await parquetRows(dir, `transformed/tracks/snapshot_date=${DATE}/part-00000.parquet`)
    await transformDates(store, [DATE])
    expect((await listAll(store, 'transformed/')).map((o) => o.key)).toEqual(first.map((o) => o.key))
    expect(await parquetRows(dir, `transformed/tracks/snapshot_date=${DATE}/part-00000.parquet`)).toEqual(
      rows,
    )
  })
})

describe('transformDates and a table partitioned by another column', () => {
  const RECENT = example<{ items: { track: { id: string } }[] }>('responses/get-recently-played.cursor.json')
  const plays = (date: string) =>
    envelope('recently_played', RECENT, {
      source_id: 'me',
      snapshot_date: date,
      run_id: `${date.replaceAll('-', '')}T060000Z-aaaa`,
      extracted_at: `${date}T06:00:01.250Z`,
    })

  it('replaces the one-file-per-snapshot-date layout of a lake transformed before, without repeating a play', async () => {
    const { store, dir } = await tempLake('transform')
    for (const date of ['2026-11-22', DATE]) await store.put(keyOf(plays(date)), JSON.stringify(plays(date)))
    await transformDates(store, ['2026-11-22', DATE])
    const [shared] = await listAll(store, 'transformed/plays/')
    const rows = await parquetRows(dir, shared!.key)
    expect(rows.length).toBeGreaterThan(0)
    // The earlier layout: 2026-11-22's plays in a file of their own, named after that date.
    const old = shared!.key.replace('part-00000', 'part-2026-11-22')
    await store.put(old, await store.get(shared!.key))
    const ledger = await readLedger(store, '2026-11-22')
    await store.put(
      '_state/transform-ledger/snapshot_date=2026-11-22.json',
      JSON.stringify({ ...ledger, outputs: [old] }),
    )

    await transformDates(store, [DATE])
    expect((await listAll(store, 'transformed/plays/')).map((o) => o.key)).toEqual([shared!.key])
    expect(await parquetRows(dir, shared!.key)).toEqual(rows)
  })

  it('rebuilds the dates of a lake whose plays went to played_date partitions: one file per played_month, the same rows', async () => {
    const { store, dir } = await tempLake('transform')
    for (const date of ['2026-11-22', DATE]) await store.put(keyOf(plays(date)), JSON.stringify(plays(date)))
    await transformDates(store, ['2026-11-22', DATE])
    const [shared] = await listAll(store, 'transformed/plays/')
    expect(shared!.key).toBe('transformed/plays/played_month=2023-09/part-00000.parquet')
    const rows = await parquetRows(dir, shared!.key)
    // The earlier layout: a played_date partition, without the played_date column.
    const old = 'transformed/plays/played_date=2023-09-22/part-00000.parquet'
    await store.put(old, await store.get(shared!.key))
    await store.delete(shared!.key)
    for (const date of ['2026-11-22', DATE]) {
      const ledger = await readLedger(store, date)
      await store.put(
        `_state/transform-ledger/snapshot_date=${date}.json`,
        JSON.stringify({ ...ledger, outputs: [old] }),
      )
    }
    const pending = await pendingObjects(store)
    expect([...pending.keys()]).toEqual(['2026-11-22', DATE])

    await transformDates(store, [...pending.keys()])
    expect((await listAll(store, 'transformed/plays/')).map((o) => o.key)).toEqual([shared!.key])
    expect(await parquetRows(dir, shared!.key)).toEqual(rows)
    expect((await pendingObjects(store)).size).toBe(0)
  })

  it('makes an API play and its export stream one row when they end either side of midnight at the end of a month, whichever date is transformed first', async () => {
    const api = envelope('recently_played', setIn(RECENT, ['items'], [RECENT.items[0]]), {
      source_id: 'me',
      snapshot_date: '2023-10-01',
      run_id: '20231001T060000Z-aaaa',
      extracted_at: '2023-10-01T06:00:01.250Z',
    })
    const played = setIn(api, ['response', 'body', 'items', 0, 'played_at'], '2023-10-01T00:00:05.000Z')
    const trackId = RECENT.items[0]!.track.id
    const exported = {
      format: 'tunelake.spotify-export/v1',
      source: 'streaming_history',
      source_id: 'extended-audio',
      run_id: '20231002T080000Z-ab12cd',
      page: 0,
      snapshot_date: '2023-09-01',
      imported_at: '2023-10-02T08:00:00.000Z',
      synthetic: false,
      files: ['Streaming_History_Audio_2023_0.json'],
      personal_fields: 'dropped',
      rows: [
        {
          ts: '2023-09-30T23:59:58Z',
          ms_played: 200_000,
          spotify_track_uri: `spotify:track:${trackId}`,
          master_metadata_track_name: 'A track',
          reason_end: 'trackdone',
        },
      ],
    }
    const exportKey = rawKey({
      source: 'streaming_history',
      snapshotDate: '2023-09-01',
      sourceId: 'extended-audio',
      runId: exported.run_id,
      page: 0,
    })
    for (const order of [
      ['2023-09-01', '2023-10-01'],
      ['2023-10-01', '2023-09-01'],
    ]) {
      const { store, dir } = await tempLake('transform')
      await store.put(keyOf(played), JSON.stringify(played))
      await store.put(exportKey, JSON.stringify(exported))
      for (const date of order) await transformDates(store, [date])
      const files = (await listAll(store, 'transformed/plays/')).map((o) => o.key)
      expect(files).toEqual(['transformed/plays/played_month=2023-10/part-00000.parquet'])
      expect(await parquetRows(dir, files[0]!)).toEqual([
        expect.objectContaining({
          played_date: '2023-10-01',
          track_id: trackId,
          ms_played: 200_000,
          reason_end: 'trackdone',
          source: 'export',
        }),
      ])
    }
  })
})
