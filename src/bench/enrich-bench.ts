import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type EnrichClientSettings, enrichClients } from '../enrich/enrich-clients.js'
import { enrichStage } from '../enrich/enrich-stage.js'
import { type EnrichState, readEnrichState } from '../enrich/enrich-state.js'
import { FsObjectStore } from '../lake/stores/fs.js'
import { LB_BATCH, LB_LOOKUP_BATCH } from '../open-music/listenbrainz-client.js'
import {
  openMusicCatalog,
  type RunningOpenMusicEmulator,
  startOpenMusicEmulator,
} from '../open-music-emulator/index.js'
import { writeSyntheticTracks } from './synthetic-tracks.js'

/** Tracks of the requests-per-track run (every hard case in its share), and of the rate run. */
const TRACKS = 600
const RATE_TRACKS = 40
/** MusicBrainz's allowed average (per IP) and ListenBrainz's default window. */
const MB_ALLOWED_PER_SECOND = 1
const LB_ALLOWED_PER_SECOND = 30 / 10
const TARGET_TRACKS = 10_000

/**
 * `npm run bench -- enrich`: against the open-music emulator, the requests per enriched track
 * against the fewest possible (one ISRC lookup per ISRC, one lookup per merged recording, the
 * genre list, ListenBrainz's batches full), with limits out of the way; then, with the services'
 * real limits, the achieved request rate against the allowed one, and from both the time to
 * enrich 10,000 tracks at those limits.
 */
export async function run(): Promise<void> {
  const perTrack = await requestsPerTrack()
  const rate = await achievedRate()
  const mbSeconds = (TARGET_TRACKS * perTrack.musicbrainz) / rate.musicbrainz
  const lbSeconds =
    (TARGET_TRACKS * perTrack.listenbrainz) / Math.min(rate.listenbrainz, LB_ALLOWED_PER_SECOND)
  const hours = (mbSeconds + lbSeconds) / 3600
  process.stdout.write(
    `time to enrich ${TARGET_TRACKS.toLocaleString('en')} tracks at the services' limits: ${hours.toFixed(1)} h (MusicBrainz ${(mbSeconds / 3600).toFixed(2)} h at the measured ${rate.musicbrainz.toFixed(2)} requests/s, ListenBrainz ${(lbSeconds / 60).toFixed(1)} min)\n`,
  )
}

async function requestsPerTrack(): Promise<{ musicbrainz: number; listenbrainz: number }> {
  const open = await startOpenMusicEmulator({
    limits: { mbRequestsPerSecond: 1000, mbBurst: 1000, lbRequests: 10_000, lbWindowSeconds: 10 },
  })
  const { store, dir } = await benchLake(TRACKS)
  try {
    const started = performance.now()
    const report = await enrichStage({
      store,
      ...enrichClients(settings(open, { mbRequestsPerSecond: 500, lbRequestsPer10s: 5000 })),
    })
    const seconds = (performance.now() - started) / 1000
    const state = await readEnrichState(store)
    const fewest = fewestRequests(state)
    const stats = open.stats()
    const mb = sumRoutes(stats.byRoute, '/ws/2/')
    const lb = sumRoutes(stats.byRoute, '/1/')
    const enriched = report.summary.enriched
    process.stdout.write(
      `requests per enriched track: ${((mb + lb) / enriched).toFixed(3)} (MusicBrainz ${(mb / enriched).toFixed(3)}, ListenBrainz ${(lb / enriched).toFixed(3)}) for ${enriched} of ${report.summary.tracks} tracks enriched (${report.summary.unmatched} unmatched); fewest possible ${((fewest.musicbrainz + fewest.listenbrainz) / enriched).toFixed(3)}: ratio ${((mb + lb) / (fewest.musicbrainz + fewest.listenbrainz)).toFixed(2)} (limits out of the way: ${seconds.toFixed(1)} s)\n`,
    )
    return { musicbrainz: mb / enriched, listenbrainz: lb / enriched }
  } finally {
    await open.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function achievedRate(): Promise<{ musicbrainz: number; listenbrainz: number }> {
  // The emulator's production limits and the client's default pacing.
  const open = await startOpenMusicEmulator()
  const { store, dir } = await benchLake(RATE_TRACKS)
  try {
    await enrichStage({ store, ...enrichClients(settings(open, {})), lbBatch: 2 })
    const rate = (times: readonly number[]) =>
      times.length < 2 ? 0 : ((times.length - 1) * 1000) / (times.at(-1)! - times[0]!)
    const mb = rate(open.requestTimes('musicbrainz'))
    const lb = rate(open.requestTimes('listenbrainz'))
    const refused = (open.stats().byStatus['503'] ?? 0) + (open.stats().byStatus['429'] ?? 0)
    process.stdout.write(
      `achieved rate with the real limits: MusicBrainz ${mb.toFixed(2)} requests/s of ${MB_ALLOWED_PER_SECOND} allowed (${((mb / MB_ALLOWED_PER_SECOND) * 100).toFixed(0)} %), ListenBrainz ${lb.toFixed(2)} requests/s of ${LB_ALLOWED_PER_SECOND} allowed (batches of 2 to measure it); ${refused} refused (503/429)\n`,
    )
    return { musicbrainz: mb, listenbrainz: lb }
  } finally {
    await open.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * The fewest requests that get the same answers: one per ISRC and per MusicBrainz recording
 * lookup, the genre list, lookups by names 50 at a time, ListenBrainz's MBIDs 1,000 at a time (a
 * merged MBID's new one needs one more metadata and popularity round).
 */
function fewestRequests(state: EnrichState): { musicbrainz: number; listenbrainz: number } {
  const batches = (n: number, size: number) => Math.ceil(n / size)
  const merged = Object.values(state.recording).some((r) => r.status === 301) ? 2 : 0
  return {
    musicbrainz: Object.keys(state.isrc).length + Object.keys(state.recording).length + 1,
    listenbrainz:
      batches(Object.keys(state.lookup).length, LB_LOOKUP_BATCH) +
      batches(Object.keys(state.recording_metadata).length, LB_BATCH) +
      batches(Object.keys(state.recording_popularity).length, LB_BATCH) +
      batches(Object.keys(state.artist_popularity).length, LB_BATCH) +
      merged,
  }
}

function sumRoutes(byRoute: Record<string, Record<string, number>>, prefix: string): number {
  let n = 0
  for (const [route, counts] of Object.entries(byRoute)) {
    if (route.split(' ')[1]?.startsWith(prefix)) for (const count of Object.values(counts)) n += count
  }
  return n
}

function settings(
  open: RunningOpenMusicEmulator,
  pacing: Partial<EnrichClientSettings>,
): EnrichClientSettings {
  return {
    musicbrainzUrl: open.musicbrainzBaseUrl,
    listenbrainzUrl: open.listenbrainzBaseUrl,
    contact: 'bench@tunelake.invalid',
    token: open.listenbrainzToken,
    ...pacing,
  }
}

/** A lake holding the tracks tables of the synthetic catalog's first `count` tracks. */
async function benchLake(count: number): Promise<{ store: FsObjectStore; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tunelake-bench-enrich-'))
  const store = new FsObjectStore(dir)
  await writeSyntheticTracks(
    store,
    openMusicCatalog(2026)
      .spotify.tracks.slice(0, count)
      .map((t) => t.id),
  )
  return { store, dir }
}
