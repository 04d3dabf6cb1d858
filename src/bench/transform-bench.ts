import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { RawEnvelope } from '../extract/raw-envelope.js'
import { rawKey, STATE_KEYS, STATE_PREFIX } from '../lake/layout.js'
import { getText, listAll, type ObjectStore } from '../lake/object-store.js'
import { sqlString } from '../sql-quote.js'

/**
 * `npm run bench -- transform`: a raw lake of at least 200 MB of playlist pages (Get Playlist
 * with its first items page, and Get Playlist Items pages) is generated through the project's
 * own code: the emulator answers, `extractRun` lands real envelopes, and those are landed again
 * under more playlists and days with the lake layout's keys. Then, each in a fresh process:
 * our transform (`transformDates`, all dates), and DuckDB doing the plain job on the same files
 * (`read_json` of the bodies with an explicit schema, unnest the items, write three tables as
 * Parquet). Each runs three times, alternating; the best run of each is compared. Peak RSS is
 * also measured on a lake with a quarter of the days, to show memory does not grow with the
 * number of raw objects. Targets: our time at most 2x DuckDB's, peak RSS under 1 GiB.
 */
const TARGET_RATIO = 2
const TARGET_RSS_MB = 1024
const TARGET_INPUT_MB = Number(process.env.TUNELAKE_BENCH_MB ?? 210)
const PLAYLISTS_PER_DAY = 25
const ROUNDS = 3
const SELF = fileURLToPath(import.meta.url)

interface Figures {
  seconds: number
  /** CPU time of the whole process (every thread): steadier than wall time on a busy machine. */
  cpuSeconds: number
  rows: number
  objects: number
  rssMb: number
}

export async function run(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'tunelake-bench-transform-'))
  try {
    const out = process.stdout
    const lake = path.join(root, 'lake')
    const { bytes, days } = await generateLake(lake, TARGET_INPUT_MB)
    const small = path.join(root, 'lake-quarter')
    await generateLake(small, TARGET_INPUT_MB / 4)
    const mb = bytes / 1e6
    out.write(
      `raw lake: ${mb.toFixed(0)} MB of playlist pages, ${days} days x ${PLAYLISTS_PER_DAY} playlists\n`,
    )
    const ours: Figures[] = []
    const duck: Figures[] = []
    for (let round = 1; round <= ROUNDS; round++) {
      rmSync(path.join(lake, 'transformed'), { recursive: true, force: true })
      // The ledger goes (every date is rebuilt); the store's eTag cache stays, as in a lake in use.
      rmSync(path.join(lake, STATE_KEYS.transformLedger), { recursive: true, force: true })
      ours.push(child('ours', lake))
      duck.push(child('duckdb', lake, path.join(root, `duckdb-${round}`)))
      const [a, b] = [ours.at(-1)!, duck.at(-1)!]
      out.write(
        `  round ${round}: ours ${a.seconds.toFixed(2)} s (CPU ${a.cpuSeconds.toFixed(1)} s, ${a.rssMb.toFixed(0)} MB RSS), duckdb ${b.seconds.toFixed(2)} s (CPU ${b.cpuSeconds.toFixed(1)} s, ${b.rssMb.toFixed(0)} MB RSS)\n`,
      )
    }
    const best = (runs: Figures[]) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a))
    const o = best(ours)
    const d = best(duck)
    const quarter = child('ours', small)
    const line = (name: string, f: Figures) =>
      `${name}: ${mb.toFixed(0)} MB in, ${f.rows} rows, ${f.seconds.toFixed(2)} s, ${(mb / f.seconds).toFixed(0)} MB/s, ${Math.round(f.rows / f.seconds)} rows/s, peak RSS ${f.rssMb.toFixed(0)} MB\n`
    out.write(line('transform (ours, best of 3)', o))
    out.write(line('duckdb plain job (best of 3)', d))
    const ratio = o.seconds / d.seconds
    out.write(
      `ratio ours/duckdb: ${ratio.toFixed(2)} (target <= ${TARGET_RATIO}) ${ratio <= TARGET_RATIO ? 'ok' : 'MISSED'}; CPU time ${o.cpuSeconds.toFixed(1)} s vs ${d.cpuSeconds.toFixed(1)} s (ratio ${(o.cpuSeconds / d.cpuSeconds).toFixed(2)}); load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores\n`,
    )
    out.write(
      `peak RSS: ${o.rssMb.toFixed(0)} MB (target < ${TARGET_RSS_MB}) ${o.rssMb < TARGET_RSS_MB ? 'ok' : 'MISSED'}; with a quarter of the raw objects (${quarter.objects}): ${quarter.rssMb.toFixed(0)} MB, ratio ${(o.rssMb / quarter.rssMb).toFixed(2)} (flat when close to 1)\n`,
    )
    out.write(`${await listingLine(lake)}\n`)
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

/**
 * Listing the raw zone, as `transform --pending` and the sweep do: first with no `_state/` (so no
 * eTag cache: every file is read and hashed), then as the next listing finds it (a fresh store, as
 * in another process).
 */
async function listingLine(lake: string): Promise<string> {
  const { FsObjectStore } = await import('../lake/stores/fs.js')
  rmSync(path.join(lake, STATE_PREFIX), { recursive: true, force: true })
  const timed = async () => {
    const started = performance.now()
    const objects = (await listAll(new FsObjectStore(lake), 'raw/')).length
    return { objects, seconds: (performance.now() - started) / 1000 }
  }
  const cold = await timed()
  const warm = await timed()
  return `listing the raw zone (${cold.objects} objects): ${cold.seconds.toFixed(2)} s with no eTag cache, ${warm.seconds.toFixed(2)} s with it`
}

function child(mode: 'ours' | 'duckdb', lake: string, out = ''): Figures {
  const result = spawnSync(process.execPath, [SELF, '--child', mode, lake, out], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`bench ${mode} failed: ${result.stderr}`)
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Figures
}

/** Lands days of playlist pages until the raw lake holds `mb` megabytes. */
async function generateLake(dir: string, mb: number): Promise<{ bytes: number; days: number }> {
  const { FsObjectStore } = await import('../lake/stores/fs.js')
  const seeds = await seedRuns()
  const store = new FsObjectStore(dir)
  let bytes = 0
  let day = 0
  while (bytes < mb * 1e6) {
    const date = new Date(Date.UTC(2025, 0, 1) + day * 86_400_000).toISOString().slice(0, 10)
    for (let p = 0; p < PLAYLISTS_PER_DAY; p++) {
      const id = `bench${String(p).padStart(4, '0')}${'x'.repeat(13)}`
      for (const env of seeds[(p + day) % seeds.length]!) bytes += await land(store, env, id, date)
    }
    day++
  }
  return { bytes, days: day }
}

async function land(store: ObjectStore, env: RawEnvelope, id: string, date: string): Promise<number> {
  const runId = `${date.replaceAll('-', '')}T060000Z-bench0`
  const body = env.source === 'playlists' ? { ...(env.response.body as object), id } : env.response.body
  const copy: RawEnvelope = {
    ...env,
    source_id: id,
    run_id: runId,
    snapshot_date: date,
    extracted_at: `${date}T06:00:00.000Z`,
    response: { ...env.response, body },
  }
  const text = JSON.stringify(copy)
  await store.put(
    rawKey({ source: env.source, snapshotDate: date, sourceId: id, runId, page: env.page }),
    text,
  )
  return Buffer.byteLength(text)
}

let seeded: RawEnvelope[][] | undefined

/** Real envelopes: the emulator's playlists on two days, extracted by `extractRun`, grouped per playlist run. */
async function seedRuns(): Promise<RawEnvelope[][]> {
  if (seeded) return seeded
  const { startEmulator } = await import('../emulator/index.js')
  const { SpotifyClient } = await import('../spotify/spotify-client.js')
  const { ClientCredentialsTokenProvider } = await import('../spotify/token-provider.js')
  const { extractRun } = await import('../extract/extract-run.js')
  const { FsObjectStore } = await import('../lake/stores/fs.js')
  const dir = mkdtempSync(path.join(tmpdir(), 'tunelake-bench-seed-'))
  const store = new FsObjectStore(dir)
  const emulator = await startEmulator({ day: '2026-01-01' })
  try {
    const client = new SpotifyClient({
      apiBaseUrl: emulator.apiBaseUrl,
      tokens: new ClientCredentialsTokenProvider(emulator),
      concurrency: 8,
    })
    for (const day of ['2026-01-01', '2026-01-02']) {
      emulator.setDay(day)
      await extractRun(client, store, {
        runId: `${day.replaceAll('-', '')}T000000Z-seed00`,
        snapshotDate: day,
        playlistIds: emulator.playlists.map((p) => p.id),
        apiMode: 'extended',
      })
    }
  } finally {
    await emulator.close()
  }
  const runs = new Map<string, RawEnvelope[]>()
  for (const object of await listAll(store, 'raw/spotify/')) {
    if (!/^raw\/spotify\/(playlists|playlist_items)\//.test(object.key)) continue
    const env = JSON.parse(await getText(store, object.key)) as RawEnvelope
    const key = `${env.snapshot_date}/${env.source_id}`
    runs.set(key, [...(runs.get(key) ?? []), env])
  }
  rmSync(dir, { recursive: true, force: true })
  seeded = [...runs.values()].filter((envelopes) => envelopes.some((e) => e.source === 'playlists'))
  return seeded
}

/** In a child process: one measured run, printed as JSON. */
async function childMain(mode: string, lake: string, out: string): Promise<void> {
  const started = performance.now()
  const cpuStart = process.cpuUsage()
  let rows = 0
  let objects = 0
  if (mode === 'ours') {
    const { FsObjectStore } = await import('../lake/stores/fs.js')
    const { rawObjectsByDate } = await import('../transform-stage/transform-ledger.js')
    const { transformDates } = await import('../transform-stage/transform-partitions.js')
    const store = new FsObjectStore(lake)
    const byDate = await rawObjectsByDate(store)
    const report = await transformDates(store, [...byDate.keys()].sort(), { byDate })
    rows = Object.values(report.rows).reduce((sum, n) => sum + (n ?? 0), 0)
    objects = report.objects
  } else {
    rows = await duckdbPlainJob(lake, out)
  }
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuStart)
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  const rssMb = process.resourceUsage().maxRSS / 1024
  process.stdout.write(`${JSON.stringify({ seconds, cpuSeconds, rows, objects, rssMb })}\n`)
}

/** DuckDB's plain job: the item pages' bodies with an explicit schema, unnested, three tables to Parquet. */
async function duckdbPlainJob(lake: string, out: string): Promise<number> {
  const { DuckDBInstance } = await import('@duckdb/node-api')
  const { mkdirSync } = await import('node:fs')
  mkdirSync(out, { recursive: true })
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  })
  const c = await instance.connect()
  const artist = 'STRUCT(id VARCHAR, name VARCHAR)'
  const track = `STRUCT(id VARCHAR, name VARCHAR, duration_ms INTEGER, explicit BOOLEAN, popularity INTEGER, disc_number INTEGER, track_number INTEGER, is_local BOOLEAN, "type" VARCHAR, uri VARCHAR, external_ids STRUCT(isrc VARCHAR), album STRUCT(id VARCHAR, name VARCHAR), artists ${artist}[])`
  const page = `STRUCT("offset" INTEGER, items STRUCT(added_at VARCHAR, added_by STRUCT(id VARCHAR), is_local BOOLEAN, track ${track})[])`
  const raw = `${lake}/raw/spotify`
  await c.run(`CREATE TEMP TABLE items AS
    SELECT snapshot_date, source_id AS playlist_id, p."offset" + u.n AS position, u.i AS item FROM (
      SELECT snapshot_date, source_id, response.body AS p FROM read_json(${sqlString(`${raw}/playlist_items/*/*/*.json`)}, columns={snapshot_date: 'VARCHAR', source_id: 'VARCHAR', response: 'STRUCT(status INTEGER, body ${page})'})
      UNION ALL
      SELECT snapshot_date, source_id, response.body.tracks AS p FROM read_json(${sqlString(`${raw}/playlists/*/*/*.json`)}, columns={snapshot_date: 'VARCHAR', source_id: 'VARCHAR', response: 'STRUCT(status INTEGER, body STRUCT(tracks ${page}))'})
    ), unnest(p.items) WITH ORDINALITY AS u(i, n)`)
  const copy = (name: string, select: string) =>
    c.run(
      `COPY (${select}) TO ${sqlString(`${out}/${name}`)} (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (snapshot_date))`,
    )
  await copy(
    'playlist_tracks',
    'SELECT snapshot_date, playlist_id, position, item.track.id AS track_id, item.track.uri AS item_uri, item.track.name AS item_name, CAST(item.added_at AS TIMESTAMP_MS) AS added_at, item.added_by.id AS added_by, item.track.type AS item_type, item.is_local FROM items',
  )
  await copy(
    'tracks',
    'SELECT snapshot_date, item.track.id AS track_id, item.track.name AS name, item.track.duration_ms, item.track.explicit, item.track.popularity, item.track.external_ids.isrc AS isrc, item.track.album.id AS album_id, item.track.disc_number, item.track.track_number FROM items',
  )
  await copy(
    'track_artists',
    'SELECT snapshot_date, item.track.id AS track_id, a.a.id AS artist_id, a.k AS artist_position FROM items, unnest(item.track.artists) WITH ORDINALITY AS a(a, k)',
  )
  const reader = await c.runAndReadAll('SELECT count(*) FROM items')
  const items = Number(reader.getRows()[0]?.[0])
  const artists = await c.runAndReadAll('SELECT count(*) FROM items, unnest(item.track.artists)')
  return 2 * items + Number(artists.getRows()[0]?.[0])
}

if (process.argv[1] === SELF && process.argv[2] === '--child') {
  await childMain(process.argv[3]!, process.argv[4]!, process.argv[5] ?? '')
}
