import {
  EntityNotFoundException,
  GetPartitionsCommand,
  GetTableCommand,
  GlueClient,
  type Partition,
  StartCrawlerCommand,
  type Table,
} from '@aws-sdk/client-glue'
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createExtractHandler } from '../../src/aws/extract-handler.js'
import type { ExtractResult } from '../../src/aws/extract-job.js'
import { createTransformHandler } from '../../src/aws/transform-handler.js'
import { readParquetFooter } from '../../src/catalog/parquet-footer.js'
import { PLAYLIST_IDS, type RunningEmulator, startEmulator } from '../../src/emulator/index.js'
import { openMusicRawKey } from '../../src/lake/layout.js'
import { Lease } from '../../src/lease/lease.js'
import { S3LeaseStorage } from '../../src/lease/storages/s3.js'
import { rawAnswer } from '../../src/open-music/raw-answer.js'
import type { LakeStatus } from '../../src/pipeline/lake-status.js'
import { transformDates } from '../../src/transform-stage/transform-partitions.js'
import {
  CREDENTIALS,
  notification,
  REGION,
  type S3Record,
  sqsEvent,
  startS3WithEvents,
  startSecretsManager,
  testEvent,
} from '../infra/lambda-harness.js'
import { tunelake } from '../support/cli.js'
import { openExample } from '../support/open-music-examples.js'
import { tempLake } from '../support/temp-lake.js'

const RAW = 'tunelake-raw'
const TRANSFORMED = 'tunelake-transformed'
const SECRET_ARN = `arn:aws:secretsmanager:${REGION}:123456789012:secret:SpotifyCredentials-AbCdEf`
const glue = mockClient(GlueClient)

let s3: Awaited<ReturnType<typeof startS3WithEvents>>
let secrets: Awaited<ReturnType<typeof startSecretsManager>>
let emulator: RunningEmulator
let env: Record<string, string>
let lines: string[]
let extracted: ExtractResult

const extract = (event: unknown) => createExtractHandler({ env, out: (line) => lines.push(line) })(event)
const transform = (event: ReturnType<typeof sqsEvent>) =>
  createTransformHandler({ env, out: (line) => lines.push(line) })(event)
const keys = async (bucket: string, prefix = '') =>
  ((await s3.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map(
    (o) => ({
      key: o.Key!,
      etag: o.ETag!,
    }),
  )
const bytes = async (bucket: string, key: string) =>
  (await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray()
const rawNotifications = (date: string) =>
  s3.records
    .filter((r) => r.s3.bucket.name === RAW && r.s3.object.key.includes(`snapshot_date=${date}/`))
    .map(notification)
const json = () =>
  lines
    .flatMap((line) => line.split('\n').filter(Boolean))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
const emf = (stage: string) => json().filter((l) => l._aws && l.Stage === stage)
const notFound = () =>
  new EntityNotFoundException({
    message: 'Table playlist_tracks not found.',
    $metadata: { httpStatusCode: 400 },
  })

/** A crawler-made table as GetTable returns it, and its partitions as GetPartitions does. */
function crawledTable(name: string): Table {
  const storage = (location: string) => ({
    Columns: [{ Name: 'playlist_id', Type: 'string' }],
    Location: location,
    InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    Compressed: false,
    NumberOfBuckets: -1,
    SerdeInfo: {
      SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
      Parameters: { 'serialization.format': '1' },
    },
    Parameters: { classification: 'parquet', compressionType: 'none', typeOfData: 'file' },
    StoredAsSubDirectories: false,
  })
  return {
    Name: name,
    DatabaseName: 'tunelake',
    CatalogId: '123456789012',
    VersionId: '0',
    Owner: 'owner',
    Retention: 0,
    TableType: 'EXTERNAL_TABLE',
    CreateTime: new Date('2026-03-01T06:20:00Z'),
    UpdateTime: new Date('2026-03-01T06:20:00Z'),
    PartitionKeys: [{ Name: 'snapshot_date', Type: 'string' }],
    StorageDescriptor: storage(`s3://${TRANSFORMED}/transformed/${name}/`),
    Parameters: {
      classification: 'parquet',
      compressionType: 'none',
      typeOfData: 'file',
      UPDATED_BY_CRAWLER: 'tunelake-crawler',
    },
    IsRegisteredWithLakeFormation: false,
  }
}

function crawledPartitions(table: string, dates: string[]): Partition[] {
  return dates.map((date) => ({
    Values: [date],
    DatabaseName: 'tunelake',
    TableName: table,
    CatalogId: '123456789012',
    CreationTime: new Date('2026-03-01T06:20:00Z'),
    StorageDescriptor: {
      ...crawledTable(table).StorageDescriptor,
      Location: `s3://${TRANSFORMED}/transformed/${table}/snapshot_date=${date}/`,
    },
    Parameters: {},
  }))
}

/** Glue as the crawler left it: every table with these snapshots. */
function catalogHas(dates: string[]) {
  glue
    .on(GetTableCommand)
    .callsFake((input: { Name: string }) => ({ Table: crawledTable(input.Name) }))
    .on(GetPartitionsCommand)
    .callsFake((input: { TableName: string }) => ({ Partitions: crawledPartitions(input.TableName, dates) }))
}

beforeAll(async () => {
  s3 = await startS3WithEvents([RAW, TRANSFORMED])
  emulator = await startEmulator({ day: '2026-03-01' })
  secrets = await startSecretsManager(
    SECRET_ARN,
    JSON.stringify({ client_id: emulator.clientId, client_secret: emulator.clientSecret }),
  )
  env = {
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    AWS_LAMBDA_FUNCTION_NAME: 'Tunelake-Extract',
    TUNELAKE_RAW_BUCKET: RAW,
    TUNELAKE_TRANSFORMED_BUCKET: TRANSFORMED,
    TUNELAKE_CONFIG: JSON.stringify({
      database: 'tunelake',
      api_mode: 'auto',
      sources: [
        { type: 'playlist', id: PLAYLIST_IDS.nightDrive },
        { type: 'playlist', id: PLAYLIST_IDS.focusFlow },
      ],
    }),
    TUNELAKE_SPOTIFY_SECRET_ARN: SECRET_ARN,
    TUNELAKE_TIME_ZONE: 'Europe/Berlin',
    TUNELAKE_METRICS_NAMESPACE: 'tunelake/Test',
    TUNELAKE_GLUE_DATABASE: 'tunelake',
    TUNELAKE_GLUE_CRAWLER: 'tunelake-crawler',
    SPOTIFY_API_BASE_URL: emulator.apiBaseUrl,
    SPOTIFY_ACCOUNTS_BASE_URL: emulator.accountsBaseUrl,
  }
  lines = []
  // What EventBridge Scheduler sends at 00:30 Berlin time on 1 March (still 28 February in UTC).
  extracted = await extract({
    scheduledTime: '2026-02-28T23:30:00Z',
    scheduleArn: `arn:aws:scheduler:${REGION}:123456789012:schedule/default/Tunelake-Daily`,
  })
})

afterAll(async () => {
  glue.restore()
  await Promise.all([s3?.close(), emulator?.close(), secrets?.close()])
})

beforeEach(() => {
  glue.reset()
})

describe('the transform function, fed S3 notifications through SQS', () => {
  let firstTables: { key: string; etag: string }[]

  it('builds every table of the snapshot in the transformed bucket and starts the crawler for the new partition', async () => {
    glue.on(GetTableCommand).rejects(notFound()).on(StartCrawlerCommand).resolves({})
    const notifications = rawNotifications('2026-03-01')
    expect(notifications.length).toBe(extracted.raw_objects)
    const rawBefore = await keys(RAW)
    const event = sqsEvent([testEvent(RAW), ...notifications, notifications[0]])
    expect(await transform(event)).toEqual({ batchItemFailures: [] })

    firstTables = await keys(TRANSFORMED, 'transformed/')
    const ledger = JSON.parse(
      new TextDecoder().decode(
        await bytes(TRANSFORMED, '_state/transform-ledger/snapshot_date=2026-03-01.json'),
      ),
    ) as { outputs: string[] }
    expect(firstTables.map((o) => o.key).sort()).toEqual([...ledger.outputs].sort())
    for (const name of [
      'playlist_tracks',
      'playlists',
      'tracks',
      'track_artists',
      'albums',
      'artists',
      'songs',
      'album',
      'artist',
    ]) {
      expect(ledger.outputs).toContain(`transformed/${name}/snapshot_date=2026-03-01/part-00000.parquet`)
    }
    // The same raw objects through the local home's transform give the same tables.
    const local = await tempLake('aws-local')
    for (const { key } of rawBefore) await local.store.put(key, await bytes(RAW, key))
    await transformDates(local.store, ['2026-03-01'])
    for (const key of ledger.outputs) {
      const rows = readParquetFooter(await bytes(TRANSFORMED, key)).rows
      expect(rows, key).toBe(readParquetFooter(await local.store.get(key)).rows)
    }
    expect(
      readParquetFooter(
        await bytes(TRANSFORMED, ledger.outputs.find((k) => k.includes('/playlist_tracks/'))!),
      ).rows,
    ).toBeGreaterThan(100)
    expect(await keys(RAW)).toEqual(rawBefore)
    expect(await keys(RAW, '_state/')).toEqual([])
    expect((await keys(TRANSFORMED, '_state/transform-ledger/')).map((o) => o.key)).toEqual([
      '_state/transform-ledger/snapshot_date=2026-03-01.json',
    ])
    expect(glue.commandCalls(GetTableCommand)[0]!.args[0].input).toEqual({
      DatabaseName: 'tunelake',
      Name: expect.any(String),
    })
    expect(glue.commandCalls(StartCrawlerCommand).map((c) => c.args[0].input)).toEqual([
      { Name: 'tunelake-crawler' },
    ])
    expect(emf('transform').at(-1)).toMatchObject({
      DatesTransformed: 1,
      ObjectsTransformed: extracted.raw_objects,
      BatchItemFailures: 0,
    })
  })

  it('changes nothing when the same notifications come again, in another order', async () => {
    catalogHas(['2026-03-01'])
    const event = sqsEvent(rawNotifications('2026-03-01').reverse())
    expect(await transform(event)).toEqual({ batchItemFailures: [] })
    expect(await keys(TRANSFORMED, 'transformed/')).toEqual(firstTables)
    expect(glue.commandCalls(StartCrawlerCommand)).toEqual([])
    expect(emf('transform').at(-1)).toMatchObject({ DatesTransformed: 0, DuplicateEvents: 1 })
  })

  it('decodes keys once, quarantines a bad object, ignores other buckets and fails only the unreadable message', async () => {
    const odd = 'raw/spotify/playlists/snapshot_date=2026-03-02/odd id+x/run 1-0000.json'
    await s3.client.send(new PutObjectCommand({ Bucket: RAW, Key: odd, Body: 'not json {' }))
    const oddRecord = s3.records.find((r) => r.s3.object.key === odd)!
    const outsider: S3Record = { ...oddRecord, s3: { ...oddRecord.s3, bucket: { name: TRANSFORMED } } }
    const event = sqsEvent([notification(oddRecord), notification(outsider), 'a message that is no S3 event'])
    expect(JSON.parse(event.Records[0]!.body).Records[0].s3.object.key).toContain(
      'odd+id%2Bx/run+1-0000.json',
    )
    const response = await transform(event)
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[2]!.messageId }])
    const quarantined = (await keys(TRANSFORMED, 'quarantine/')).map((o) => o.key)
    expect(quarantined).toEqual([`quarantine/${odd}`, `quarantine/${odd}.reason.json`])
    const reason = JSON.parse(
      new TextDecoder().decode(await bytes(TRANSFORMED, `quarantine/${odd}.reason.json`)),
    )
    expect(reason).toMatchObject({ key: odd, reason: expect.stringMatching(/JSON/i) })
    expect(await keys(RAW, odd)).toHaveLength(1)
    // Nothing to crawl: the date produced no table.
    expect(glue.commandCalls(StartCrawlerCommand)).toEqual([])
  })

  it('retries the messages of a new snapshot later when a crawl is already running', async () => {
    const run = await extract({ snapshotDate: '2026-03-03' })
    catalogHas(['2026-03-01'])
    glue.on(StartCrawlerCommand).rejects({
      name: 'CrawlerRunningException',
      message: 'Crawler with name tunelake-crawler has already started',
      $metadata: {},
    })
    const event = sqsEvent(rawNotifications('2026-03-03'))
    const busy = await transform(event)
    expect(busy.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
      event.Records.map((r) => r.messageId).sort(),
    )
    expect(run.raw_objects).toBe(event.Records.length)
    // The tables are written all the same; the redelivery only has the crawl left to do.
    const tables = await keys(TRANSFORMED, 'transformed/playlist_tracks/snapshot_date=2026-03-03/')
    expect(tables).toHaveLength(1)
    glue.reset()
    catalogHas(['2026-03-01'])
    glue.on(StartCrawlerCommand).resolves({})
    expect(await transform(event)).toEqual({ batchItemFailures: [] })
    expect(await keys(TRANSFORMED, 'transformed/playlist_tracks/snapshot_date=2026-03-03/')).toEqual(tables)
    expect(glue.commandCalls(StartCrawlerCommand)).toHaveLength(1)
  })

  it('waits while another rebuild holds the lake, returning the batch for later if it does not end', async () => {
    await extract({ snapshotDate: '2026-03-04' })
    catalogHas(['2026-03-01', '2026-03-03', '2026-03-04'])
    const other = new Lease(
      new S3LeaseStorage({ client: s3.client, bucket: TRANSFORMED, prefix: '', lake: `s3://${TRANSFORMED}` }),
      { purpose: 'transform function' },
    )
    expect((await other.tryAcquire()).acquired).toBe(true)
    const event = sqsEvent(rawNotifications('2026-03-04'))
    const later = createTransformHandler({ env, out: (line) => lines.push(line), leaseWaitMs: 300 })
    const busy = await later(event)
    expect(busy.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
      event.Records.map((r) => r.messageId).sort(),
    )
    expect(await keys(TRANSFORMED, 'transformed/playlist_tracks/snapshot_date=2026-03-04/')).toEqual([])
    expect(
      json()
        .filter((l) => l.msg === 'transform failed')
        .at(-1)?.err,
    ).toMatchObject({
      message: expect.stringMatching(
        /a run is in progress on the lake at s3:\/\/tunelake-transformed: transform function .*; the batch comes back on redelivery$/,
      ),
    })

    await other.release()
    expect(await later(event)).toEqual({ batchItemFailures: [] })
    expect(await keys(TRANSFORMED, 'transformed/playlist_tracks/snapshot_date=2026-03-04/')).toHaveLength(1)
    // The function lets go of the lake when done: the next holder need not wait for an expiry.
    expect((await other.tryAcquire()).acquired).toBe(true)
    await other.release()
  })

  it('records its runs in the lake’s run ledger, so tunelake status on the S3 lake shows them', async () => {
    const args = ['status', '--lake', `s3://${TRANSFORMED}`, '--format', 'json', '--limit', '50']
    const status = await tunelake(args, env)
    expect(status.code).toBe(0)
    const runs = (JSON.parse(status.stdout) as LakeStatus).runs
    const rebuilt = (date: string) =>
      runs.filter((r) => r.trigger === 'event' && r.transform?.dates.includes(date))
    // One run per rebuild: the duplicate and late deliveries found the ledger up to date and ran none.
    expect(rebuilt('2026-03-01')).toHaveLength(1)
    expect(rebuilt('2026-03-04')[0]).toMatchObject({ outcome: 'succeeded', owner: expect.any(String) })
    expect(rebuilt('2026-03-02')[0]?.transform?.quarantined).toHaveLength(1)
    expect(
      runs.some((r) => r.trigger === 'scheduled' && r.extract?.raw_objects === extracted.raw_objects),
    ).toBe(true)
  })

  it('does not send back a batch that failed for good: it is in the run ledger and the alarm’s metric instead', async () => {
    const gone = createTransformHandler({
      env: { ...env, TUNELAKE_TRANSFORMED_BUCKET: 'tunelake-gone' },
      out: (line) => lines.push(line),
    })
    expect(await gone(sqsEvent(rawNotifications('2026-03-01')))).toEqual({ batchItemFailures: [] })
    expect(
      json()
        .filter((l) => l.msg === 'transform failed')
        .at(-1)?.err,
    ).toMatchObject({ type: 'LakeBucketMissingError', kind: 'terminal' })
    expect(emf('transform').at(-1)).toMatchObject({ RunFailed: 1, BatchItemFailures: 0 })
  })
})

describe('the transform function, fed the enrichment answers', () => {
  it('builds the open-data tables from a raw/open-music/ answer and starts the crawler for them', async () => {
    glue.on(GetTableCommand).rejects(notFound()).on(StartCrawlerCommand).resolves({})
    const key = openMusicRawKey({
      service: 'musicbrainz',
      kind: 'isrc',
      snapshotDate: '2026-03-05',
      runId: 'enrich1',
      seq: 1,
    })
    const answer = rawAnswer('musicbrainz', 'isrc', [{ track_id: 'track-1', isrc: 'USSM15900118' }], {
      request: {
        method: 'GET',
        url: 'https://musicbrainz.org/ws/2/isrc/USSM15900118?inc=artist-credits+tags&fmt=json',
      },
      status: 200,
      body: openExample('mb-isrc-lookup.json'),
      headers: {},
      at: new Date('2026-03-05T06:00:00Z'),
      synthetic: false,
    })
    await s3.client.send(new PutObjectCommand({ Bucket: RAW, Key: key, Body: JSON.stringify(answer) }))
    const record = s3.records.find((r) => r.s3.object.key === key)!
    expect(await transform(sqsEvent([notification(record)]))).toEqual({ batchItemFailures: [] })
    const built = (await keys(TRANSFORMED, 'transformed/track_recordings/')).map((o) => o.key)
    expect(built).toEqual(['transformed/track_recordings/snapshot_date=2026-03-05/part-00000.parquet'])
    expect(readParquetFooter(await bytes(TRANSFORMED, built[0]!)).rows).toBe(1)
    expect(glue.commandCalls(StartCrawlerCommand)).toHaveLength(1)
  })
})
