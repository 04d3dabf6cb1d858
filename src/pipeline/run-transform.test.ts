import { describe, expect, it } from 'vitest'
import { envelope, example } from '../../test/support/spotify-examples.js'
import { tempLake } from '../../test/support/temp-lake.js'
import type { RawEnvelope } from '../extract/raw-envelope.js'
import { LakeAccessDeniedError } from '../lake/errors.js'
import { rawKeysNamed } from '../lake/lake-location.js'
import { rawKey } from '../lake/layout.js'
import type { ObjectCreatedRecord } from '../lake/object-created.js'
import { getText, listAll, type ObjectStore } from '../lake/object-store.js'
import { LakeBusyError, lakeHold, leaseForLake } from '../lease/lease-keeper.js'
import { pendingDates } from '../transform-stage/transform-ledger.js'
import { transformDates } from '../transform-stage/transform-partitions.js'
import { runTransform } from './run-transform.js'

const ITEMS = example('responses/get-playlist-items.extended.json')
const PLAYLIST = example('objects/playlist.full-extended.json')

function envelopes(date: string): RawEnvelope[] {
  return [
    envelope('playlists', PLAYLIST, { snapshot_date: date }),
    envelope('playlist_items', ITEMS, { snapshot_date: date, page: 1 }),
    envelope('artists', example('responses/get-several-artists.json'), { snapshot_date: date }),
  ]
}

/** Lands the raw objects of two dates, returning the object-created records the store emitted. */
async function landRaw(store: ObjectStore): Promise<ObjectCreatedRecord[]> {
  const records: ObjectCreatedRecord[] = []
  const off = store.onObjectCreated((r) => records.push(r))
  for (const env of [...envelopes('2026-11-22'), ...envelopes('2026-11-23')]) {
    const key = rawKey({
      ...env,
      sourceId: env.source_id,
      runId: env.run_id,
      snapshotDate: env.snapshot_date,
    })
    await store.put(key, JSON.stringify(env))
  }
  off()
  return records
}

/**
 * The event-triggered transform as `tunelake transform --event` runs it: the records name raw
 * objects, the use case rebuilds their dates. The report as the events' own: records naming raw
 * objects, records ignored, the dates found up to date, and what was rebuilt.
 */
async function transformObjectsCreated(store: ObjectStore, records: readonly ObjectCreatedRecord[]) {
  const { keys, ignored } = rawKeysNamed(store.location, records)
  const run = await runTransform({ store, trigger: 'event', select: { rawKeys: keys } })
  return {
    ...run.report,
    events: records.length - ignored,
    ignored,
    upToDate: run.dates.filter((d) => d.status === 'up-to-date').map((d) => d.date),
    run,
  }
}

/** Every output's key and content (Parquet bytes are deterministic for the same rows). */
async function outputs(store: ObjectStore): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const o of await listAll(store, 'transformed/')) out[o.key] = o.etag
  return out
}

describe('runTransform on object-created events', () => {
  it('gives the tables of a full rebuild from duplicated, reordered and foreign records', async () => {
    const { store } = await tempLake('events')
    const records = await landRaw(store)
    expect(records).toHaveLength(6)
    const foreign: ObjectCreatedRecord = {
      ...records[0]!,
      s3: { ...records[0]!.s3, object: { ...records[0]!.s3.object, key: 'transformed/tracks/x.parquet' } },
    }
    const batch = [
      records[5]!,
      records[1]!,
      foreign,
      records[3]!,
      records[1]!,
      records[0]!,
      records[4]!,
      records[2]!,
    ]
    const report = await transformObjectsCreated(store, batch)
    expect(report).toMatchObject({ events: 7, ignored: 1, upToDate: [], objects: 6, transformed: 6 })
    expect(report.dates).toEqual(['2026-11-22', '2026-11-23'])
    const fromEvents = await outputs(store)

    const reference = await tempLake('events-reference')
    await landRaw(reference.store)
    await transformDates(reference.store, ['2026-11-22', '2026-11-23'])
    expect(fromEvents).toEqual(await outputs(reference.store))
    expect(Object.keys(fromEvents).filter((k) => k.startsWith('transformed/tracks/'))).toEqual([
      'transformed/tracks/snapshot_date=2026-11-22/part-00000.parquet',
      'transformed/tracks/snapshot_date=2026-11-23/part-00000.parquet',
    ])
  })

  it('leaves the tables alone when the same records come again, or late', async () => {
    const { store } = await tempLake('events')
    const records = await landRaw(store)
    await transformObjectsCreated(store, records.slice(0, 3))
    await transformObjectsCreated(store, records.slice(3))
    const ledger = await getText(store, '_state/transform-ledger/snapshot_date=2026-11-23.json')
    const before = await outputs(store)
    const again = await transformObjectsCreated(store, [...records].reverse())
    expect(again).toMatchObject({ events: 6, upToDate: ['2026-11-22', '2026-11-23'], dates: [], objects: 0 })
    expect(await outputs(store)).toEqual(before)
    expect(await getText(store, '_state/transform-ledger/snapshot_date=2026-11-23.json')).toBe(ledger)
  })

  it('rebuilds a date when an object arrives that its ledger lacks', async () => {
    const { store } = await tempLake('events')
    const records = await landRaw(store)
    await transformObjectsCreated(store, records)
    const late = envelope('playlist_items', ITEMS, {
      snapshot_date: '2026-11-23',
      page: 2,
      run_id: '20261123T070000Z-bbbb',
    })
    const captured: ObjectCreatedRecord[] = []
    store.onObjectCreated((r) => captured.push(r))
    await store.put(
      rawKey({
        source: 'playlist_items',
        snapshotDate: '2026-11-23',
        sourceId: late.source_id,
        runId: late.run_id,
        page: 2,
      }),
      JSON.stringify(late),
    )
    const report = await transformObjectsCreated(
      store,
      captured.filter((r) => r.s3.object.key.startsWith('raw/')),
    )
    expect(report).toMatchObject({ dates: ['2026-11-23'], objects: 4, transformed: 4, upToDate: [] })
  })

  it('does nothing for an S3 test event', async () => {
    const { store } = await tempLake('events')
    await landRaw(store)
    const report = await transformObjectsCreated(store, [])
    expect(report).toMatchObject({ events: 0, ignored: 0, dates: [], objects: 0 })
    expect(await listAll(store, 'transformed/')).toEqual([])
  })
})

describe('runTransform, one date at a time', () => {
  it('lets a date fail alone: the others are rebuilt, the record says which and why', async () => {
    const { store } = await tempLake('one-fails')
    await landRaw(store)
    const refused = new LakeAccessDeniedError('S3 denied access to transformed/ of 2026-11-22')
    const put = (key: string, body: Uint8Array | string) =>
      key.includes('snapshot_date=2026-11-22/') ? Promise.reject(refused) : store.put(key, body)
    const flaky = new Proxy(store, {
      get: (target, name) => {
        const value = name === 'put' ? put : Reflect.get(target, name, target)
        return typeof value === 'function' && name !== 'put' ? value.bind(target) : value
      },
    })
    const run = await runTransform({ store: flaky, trigger: 'manual', select: 'all' })
    expect(run.dates).toEqual([
      { date: '2026-11-22', status: 'failed', error: refused },
      { date: '2026-11-23', status: 'transformed' },
    ])
    expect(run.record).toMatchObject({
      outcome: 'partial',
      errors: ['snapshot 2026-11-22: S3 denied access to transformed/ of 2026-11-22'],
      transform: { dates: ['2026-11-23'] },
    })
    expect(await pendingDates(store)).toEqual(['2026-11-22'])
  })

  it('takes the lake’s lease itself: another holder refuses it, and nothing is written', async () => {
    const { store } = await tempLake('held')
    await landRaw(store)
    const other = leaseForLake(store, { purpose: 'tunelake daemon' })!
    await other.tryAcquire()
    const hold = lakeHold(store, 'tunelake transform', { waitMs: 0 })
    await expect(runTransform({ store, trigger: 'manual', select: 'pending', lease: hold })).rejects.toThrow(
      LakeBusyError,
    )
    expect(await listAll(store, 'transformed/')).toEqual([])
    await other.release()
    const run = await runTransform({ store, trigger: 'manual', select: 'pending', lease: hold })
    expect(run.record?.owner).toBe(hold.owner)
    expect(hold.held).toBe(false) // given back when done
  })
})
