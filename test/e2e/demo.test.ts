import { spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { dayNumber } from '../../src/emulator/days.js'
import { PLAYLIST_IDS, syntheticCatalog } from '../../src/emulator/index.js'
import { ListeningHistory } from '../../src/emulator/listening-history.js'
import { TABLE_SPECS } from '../../src/transform/table-specs.js'
import { type CliResult, tunelake } from '../support/cli.js'
import { withLakeSql } from '../support/lake-sql.js'

const BIN = fileURLToPath(new URL('../../bin/tunelake.js', import.meta.url))
const catalog = syntheticCatalog(2026)
const today = new Date().toISOString().slice(0, 10)
const days = [2, 1, 0].map((back) =>
  new Date(Date.parse(`${today}T00:00:00Z`) - back * 86_400_000).toISOString().slice(0, 10),
)

/** Starts a long-running `tunelake` command, returns its first line of output and stops it. */
function firstLineOf(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
      if (out.includes('\n')) child.kill('SIGTERM')
    })
    child.stderr.on('data', (chunk) => {
      err += chunk
    })
    child.on('error', reject)
    child.on('close', () => (out ? resolve(out.split('\n')[0]!) : reject(new Error(err))))
  })
}

/**
 * The demo imports the synthetic export of the 90 days before its last day: every play the API
 * served (the recently-played window of each demo day) is one row of `plays`, the export's row
 * for the days the export holds, the API's own on the last day; the export's rows are all there.
 */
async function expectPlaysOfBothSources(lake: string, demoDays: readonly string[], stdout: string) {
  const exported = stdout.match(
    /synthetic Spotify export \(the 90 days before (\S+)\), (\d+) streams, \2 new/,
  )
  expect(exported?.[1]).toBe(demoDays.at(-1))
  const history = new ListeningHistory(2026, catalog)
  const served = new Map(
    demoDays.flatMap((day) => history.recent(dayNumber(day))).map((play) => [play.playedAtMs, play]),
  )
  await withLakeSql(lake, async (sql) => {
    const sources = await sql('SELECT source, count(*) AS n FROM plays GROUP BY source ORDER BY source')
    expect(sources).toEqual([
      { source: 'api', n: expect.any(Number) },
      { source: 'export', n: Number(exported![2]) },
    ])
    const rows = await sql(
      `SELECT source, track_id, to_unixtime(played_at) AS t FROM plays WHERE played_date >= '${new Date(Math.min(...served.keys()) - 86_400_000).toISOString().slice(0, 10)}'`,
    )
    for (const play of served.values()) {
      const same = rows.filter(
        (r) => r.track_id === play.trackId && Math.abs(Number(r.t) * 1000 - play.playedAtMs) <= 30_000,
      )
      const day = new Date(play.playedAtMs).toISOString().slice(0, 10)
      expect(
        same.map((r) => r.source),
        `${play.trackId} at ${day}`,
      ).toEqual([day < demoDays.at(-1)! ? 'export' : 'api'])
    }
    expect([...served.values()].some((p) => p.playedAtMs < Date.parse(`${demoDays.at(-1)}T00:00:00Z`))).toBe(
      true,
    )
  })
}

async function tableDigest(lake: string): Promise<Record<string, string>> {
  return withLakeSql(lake, async (sql) => {
    const digest: Record<string, string> = {}
    for (const spec of TABLE_SPECS) {
      const rows = await sql(`SELECT * FROM ${spec.name}`)
      digest[spec.name] = JSON.stringify(rows.map((row) => JSON.stringify(row)).sort())
    }
    return digest
  })
}

describe('tunelake demo, extended mode', () => {
  let lake: string
  let first: CliResult

  beforeAll(async () => {
    lake = await mkdtemp(path.join(tmpdir(), 'tunelake-demo-'))
    first = await tunelake(['demo', '--days', '3', '--lake', lake])
  }, 120_000)

  it('finishes, says the data is synthetic and where the lake is', () => {
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('SYNTHETIC DATA')
    expect(first.stdout).toContain(`Lake: ${lake}`)
    expect(first.stdout).toMatch(/Top artists of the latest chart/)
    expect(first.stdout).toMatch(/Biggest climbers/)
    expect(first.stdout).toMatch(/Genre share/)
  })

  it("shows each day's stages and the crawl as plain progress lines when the output is not a terminal", () => {
    expect(first.stdout).toMatch(/^day 1 of 3, extract: [1-9]\d* raw objects in [\d.]+ s/m)
    expect(first.stdout).toMatch(/^day 3 of 3, transform: ([1-9]\d*) of \1 raw objects in [\d.]+ s/m)
    expect(first.stdout).toMatch(/^crawl: ([1-9]\d*) of \1 tables in [\d.]+ s/m)
    expect(first.stdout).not.toContain('\r')
  })

  it('ends with the command that opens the dashboard on the demo lake, and that command serves it', async () => {
    const last = first.stdout.trimEnd().split('\n').at(-1)
    expect(last).toBe(`Dashboard: npx tunelake serve --lake ${lake}   (then open http://127.0.0.1:8787)`)
    const args = last!
      .replace(/^Dashboard: npx tunelake /, '')
      .replace(/ {3}\(.*$/, '')
      .split(' ')
    expect(await firstLineOf([...args, '--port', '0'])).toMatch(
      new RegExp(`^tunelake dashboard: http://127\\.0\\.0\\.1:\\d+/? +\\(lake ${lake};`),
    )
  })

  it('holds exactly the chart the emulator served, 50 rows per day in order', async () => {
    await withLakeSql(lake, async (sql) => {
      for (const day of days) {
        const rows = await sql(
          `SELECT position, track_id FROM playlist_tracks WHERE playlist_id = '${PLAYLIST_IDS.chart}' AND snapshot_date = '${day}' ORDER BY position`,
        )
        expect(rows.map((r) => r.position)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
        expect(rows.map((r) => r.track_id)).toEqual(catalog.chartOn(day))
      }
    })
  })

  it('keeps local files and episodes, skips null items without shifting positions', async () => {
    const day = days.at(-1)!
    const entries = catalog.playlistItemsOn(PLAYLIST_IDS.nightDrive, day)
    await withLakeSql(lake, async (sql) => {
      const rows = await sql(
        `SELECT position, track_id, item_type, is_local FROM playlist_tracks WHERE playlist_id = '${PLAYLIST_IDS.nightDrive}' AND snapshot_date = '${day}' ORDER BY position`,
      )
      const expected = entries.flatMap((entry, i) =>
        entry.ref.type === 'null'
          ? []
          : [
              {
                position: i + 1,
                track_id:
                  entry.ref.type === 'track'
                    ? entry.ref.id
                    : entry.ref.type === 'episode'
                      ? entry.ref.id
                      : null,
                item_type: entry.ref.type === 'episode' ? 'episode' : 'track',
                is_local: entry.ref.type === 'local',
              },
            ],
      )
      expect(rows).toEqual(expected)
      const all = await sql(
        `SELECT count_if(is_local) AS local, count_if(item_type = 'episode') AS episodes FROM playlist_tracks WHERE snapshot_date = '${day}'`,
      )
      expect(all[0]!.local).toBeGreaterThan(0)
      expect(all[0]!.episodes).toBeGreaterThan(0)
    })
  })

  it('normalises release dates by precision and fills extended-mode fields', async () => {
    const yearOnly = catalog.albums.find(
      (a) => a.releaseDatePrecision === 'year' && a.releaseDate !== '0000',
    )!
    await withLakeSql(lake, async (sql) => {
      const albums = await sql(
        `SELECT album_id, CAST(release_date AS varchar) AS release_date, release_year, release_date_precision FROM albums WHERE release_date_precision = 'year' AND snapshot_date = '${days.at(-1)}'`,
      )
      const row = albums.find((a) => a.album_id === yearOnly.id)
      if (row)
        expect(row).toMatchObject({
          release_date: `${yearOnly.releaseDate}-01-01`,
          release_year: Number(yearOnly.releaseDate),
        })
      expect(albums.length).toBeGreaterThan(0)
      for (const a of albums)
        expect(a.release_date === null || /-01-01$/.test(String(a.release_date))).toBe(true)
      const [filled] = await sql('SELECT count(*) AS n, count(popularity) AS pop FROM tracks')
      expect(filled!.pop).toBe(filled!.n)
      const [genres] = await sql(
        'SELECT count(genres) AS g, count(followers) AS f, count(*) AS n FROM artists',
      )
      expect(genres).toEqual({ g: genres!.n, f: genres!.n, n: genres!.n })
    })
  })

  it("imports the demo user's synthetic export: plays from both sources, one row for an event both hold", async () => {
    await expectPlaysOfBothSources(lake, days, first.stdout)
  })

  it('has no duplicate keys in any table', async () => {
    await withLakeSql(lake, async (sql) => {
      for (const spec of TABLE_SPECS) {
        const key = [spec.partitionedBy ?? 'snapshot_date', ...spec.key].join(', ')
        const [row] = await sql(
          `SELECT count(*) AS dupes FROM (SELECT ${key} FROM ${spec.name} GROUP BY ${key} HAVING count(*) > 1)`,
        )
        expect(row, spec.name).toEqual({ dupes: 0 })
      }
    })
  })

  it("gives the seed's three tables exactly the seed's columns", async () => {
    await withLakeSql(lake, async (sql) => {
      const columns = async (table: string) =>
        Object.keys((await sql(`SELECT * FROM ${table} LIMIT 1`))[0] ?? {}).filter(
          (c) => c !== 'snapshot_date',
        )
      expect(await columns('songs')).toEqual([
        'song_id',
        'song_name',
        'duration_ms',
        'url',
        'popularity',
        'song_added',
        'album_id',
        'artist_id',
      ])
      expect(await columns('album')).toEqual(['album_id', 'name', 'release_date', 'total_tracks', 'url'])
      expect(await columns('artist')).toEqual(['artist_id', 'artist_name', 'external_url'])
    })
  })

  it('shows progress of transform --all and crawl as plain lines when the output is not a terminal', async () => {
    const transform = await tunelake(['transform', '--all', '--lake', lake])
    expect(transform.code).toBe(0)
    expect(transform.stdout).toMatch(/^transform: ([1-9]\d*) of \1 raw objects in [\d.]+ s/m)
    // The three days' snapshots, and the export's months (its raw objects' snapshot dates).
    const exportDays = Array.from({ length: 90 }, (_, i) =>
      new Date(Date.parse(`${days.at(-1)}T00:00:00Z`) - (i + 1) * 86_400_000).toISOString().slice(0, 10),
    )
    const dates = new Set([...days, ...exportDays.map((day) => `${day.slice(0, 7)}-01`)]).size
    expect(transform.stdout).toMatch(
      new RegExp(`^transformed ([1-9]\\d*) of \\1 raw objects in ${dates} snapshot date\\(s\\)`, 'm'),
    )
    const crawl = await tunelake(['crawl', '--lake', lake])
    expect(crawl.code).toBe(0)
    expect(crawl.stdout).toMatch(/^crawl: ([1-9]\d*) of \1 tables in [\d.]+ s/m)
    expect(crawl.stdout).toMatch(/^crawled .*: 0 tables created, 0 updated/m)
  }, 60_000)

  it('leaves the same tables when run again', async () => {
    const before = await tableDigest(lake)
    const second = await tunelake(['demo', '--days', '3', '--lake', lake])
    expect(second.code).toBe(0)
    expect(await tableDigest(lake)).toEqual(before)
  }, 120_000)
})

describe('tunelake demo, development mode', () => {
  it('reads the user playlists and leaves removed fields NULL', async () => {
    const lake = await mkdtemp(path.join(tmpdir(), 'tunelake-demo-dev-'))
    const result = await tunelake(['demo', '--days', '2', '--mode', 'development', '--lake', lake])
    expect(result.code).toBe(0)
    await expectPlaysOfBothSources(lake, days.slice(1), result.stdout)
    expect(result.stdout).toMatch(/Spotify-owned chart .* is a 404/)
    // Spotify gives development mode no genres: the demo's enrichment answers from open data.
    expect(result.stdout).toMatch(/Genre share of the latest chart:[\s\S]*\| open_data/)
    await withLakeSql(lake, async (sql) => {
      const [tracks] = await sql('SELECT count(*) AS n, count(popularity) AS pop FROM tracks')
      expect(tracks!.n).toBeGreaterThan(0)
      expect(tracks!.pop).toBe(0)
      const [artists] = await sql(
        'SELECT count(*) AS n, count(genres) AS g, count(followers) AS f, count(popularity) AS p FROM artists',
      )
      expect(artists).toEqual({ n: artists!.n, g: 0, f: 0, p: 0 })
      const [albums] = await sql(
        'SELECT count(label) AS l, count(popularity) AS p, count(upc) AS u FROM albums',
      )
      expect(albums).toMatchObject({ l: 0, p: 0 })
      expect(albums!.u).toBeGreaterThan(0)
      // What Spotify no longer gives, open data does: genres and popularity of the mirror's tracks.
      const [open] = await sql(
        `SELECT count(DISTINCT g.track_id) AS with_genres, count(DISTINCT r.track_id) AS with_popularity
         FROM playlist_tracks pt
         LEFT JOIN track_genres g ON g.track_id = pt.track_id
         LEFT JOIN track_recordings r ON r.track_id = pt.track_id AND r.popularity IS NOT NULL
         WHERE pt.playlist_id = '${PLAYLIST_IDS.dailyMirror}'`,
      )
      expect(open!.with_genres).toBeGreaterThan(0)
      expect(open!.with_popularity).toBeGreaterThan(0)
      const chart = await sql(
        `SELECT count(*) AS n FROM playlist_tracks WHERE playlist_id = '${PLAYLIST_IDS.chart}'`,
      )
      expect(chart).toEqual([{ n: 0 }])
      const mirror = await sql(
        `SELECT snapshot_date, count(*) AS n FROM playlist_tracks WHERE playlist_id = '${PLAYLIST_IDS.dailyMirror}' GROUP BY 1 ORDER BY 1`,
      )
      expect(mirror.map((r) => r.n)).toEqual([50, 50])
    })
  }, 120_000)
})
