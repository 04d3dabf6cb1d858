import type { Catalog } from '../catalog/catalog.js'
import type { CrawlReport } from '../catalog/crawler.js'
import { crawl } from '../catalog/crawler.js'
import type { RunningEmulator } from '../emulator/index.js'
import type { SourceSpec } from '../extract/source-spec.js'
import type { ImportReport } from '../import/import-export.js'
import type { ObjectStore } from '../lake/object-store.js'
import type { OnProgress } from '../observability/progress.js'
import type { RunningOpenMusicEmulator } from '../open-music-emulator/index.js'
import type { ApiMode } from '../spotify/api-mode.js'
import { RefreshTokenProvider } from '../spotify/refresh-token-provider.js'
import { SpotifyClient, type SpotifyClientOptions } from '../spotify/spotify-client.js'
import { importDemoExport } from './demo-export.js'
import type { EnrichOptions } from './run-enrich.js'
import { type RunReport, runPipeline } from './run-pipeline.js'

export interface DemoRequest {
  store: ObjectStore
  catalog: Catalog
  database: string
  mode: ApiMode
  /** Simulated snapshot days, oldest first. */
  days: readonly string[]
  onDay?: (report: RunReport) => void
  /** Progress of each day's stages (`day 2 of 7, extract`) and of the final crawl. */
  onProgress?: OnProgress
}

export interface DemoResult {
  runs: RunReport[]
  /** The import of the demo user's synthetic Spotify export, before the last day's run. */
  export: ImportReport
  crawl: CrawlReport
  /** The playlist the insights read: the Spotify chart, or the user's mirror of it in development mode. */
  chartPlaylistId: string
  /** Playlists left out because this mode cannot read them, with why. */
  notes: string[]
}

/** The demo user's data the demo extracts besides the playlists. */
const USER_SOURCES: readonly SourceSpec[] = [
  { type: 'recently_played' },
  { type: 'saved_tracks' },
  { type: 'top', of: 'tracks', time_range: 'short_term' },
  { type: 'top', of: 'artists', time_range: 'medium_term' },
]

/**
 * The pipeline end to end on the built-in emulator: one run per simulated day (the emulator's
 * clock set to that day), then one crawl. It reads the playlists and, with the demo user's
 * refresh token, their plays, saved tracks and top items. In development mode the Spotify-owned
 * chart is a 404 for new apps, so the demo reads the user's own playlists, among them a daily
 * mirror of the chart. Before the last day's run it imports the demo user's synthetic Spotify
 * export (their listening of the `DEMO_EXPORT_DAYS` days before, overlapping the plays the API
 * served), which that run transforms and whose tracks it starts to back-fill, so the listening
 * insights have a history to read.
 */
export async function runDemo(request: DemoRequest): Promise<DemoResult> {
  const { startEmulator } = await import('../emulator/index.js')
  const { startOpenMusicEmulator } = await import('../open-music-emulator/index.js')
  const emulator = await startEmulator({ mode: request.mode, day: request.days[0] })
  const open = await startOpenMusicEmulator({ limits: DEMO_OPEN_LIMITS })
  try {
    const readable = emulator.playlists.filter((p) => request.mode === 'extended' || p.ownerId !== 'spotify')
    const chart = emulator.playlists.find((p) => p.kind === 'chart')!
    const mirror = emulator.playlists.find((p) => p.kind === 'mirror')!
    const notes =
      request.mode === 'development'
        ? [
            `development mode: the Spotify-owned chart "${chart.name}" is a 404 for apps created since November 2024; the demo reads the user's "${mirror.name}" instead`,
          ]
        : []
    const client = demoUserClient(emulator, { concurrency: 8 })
    const runs: RunReport[] = []
    let exported: ImportReport | undefined
    const { onProgress } = request
    for (const [i, day] of request.days.entries()) {
      emulator.setDay(day)
      if (i === request.days.length - 1) exported = await importDemoExport(request.store, day)
      const ofDay = `day ${i + 1} of ${request.days.length}`
      const report = await runPipeline({
        store: request.store,
        catalog: request.catalog,
        database: request.database,
        client,
        playlistIds: readable.map((p) => p.id),
        sources: USER_SOURCES,
        apiMode: 'auto',
        snapshotDate: day,
        trigger: 'demo',
        crawl: false,
        enrich: demoEnrich(open),
        ...(onProgress ? { onProgress: (e) => onProgress({ ...e, stage: `${ofDay}, ${e.stage}` }) } : {}),
      })
      runs.push(report)
      request.onDay?.(report)
    }
    const crawled = await crawl(request.store, request.catalog, request.database, {
      ...(onProgress ? { onProgress } : {}),
    })
    return {
      runs,
      export: exported!,
      crawl: crawled,
      chartPlaylistId: request.mode === 'extended' ? chart.id : mirror.id,
      notes,
    }
  } finally {
    await Promise.all([emulator.close(), open.close()])
  }
}

/** The demo's MusicBrainz and ListenBrainz are synthetic: far higher limits than the real ones, to keep the demo quick. */
const DEMO_OPEN_LIMITS = { mbRequestsPerSecond: 250, mbBurst: 50, lbRequests: 2000, lbWindowSeconds: 10 }

/** The demo enriches in both modes, from the open-music emulator, paced under its limits. */
function demoEnrich(open: RunningOpenMusicEmulator): EnrichOptions {
  return {
    enabled: true,
    settings: {
      musicbrainzUrl: open.musicbrainzBaseUrl,
      listenbrainzUrl: open.listenbrainzBaseUrl,
      contact: 'demo@tunelake.invalid',
      token: open.listenbrainzToken,
      mbRequestsPerSecond: 200,
      lbRequestsPer10s: 1000,
    },
  }
}

/** A client with the emulator's demo user's refresh token (every read scope), as the demo reads. */
export function demoUserClient(
  emulator: RunningEmulator,
  options: Partial<SpotifyClientOptions> & { clock?: { now: () => number } } = {},
): SpotifyClient {
  const { clock, ...rest } = options
  const tokens = new RefreshTokenProvider(
    {
      accountsBaseUrl: emulator.accountsBaseUrl,
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      refreshToken: emulator.demoUser.refreshToken,
      origin: 'SPOTIFY_REFRESH_TOKEN',
    },
    fetch,
    clock?.now,
  )
  return new SpotifyClient({ apiBaseUrl: emulator.apiBaseUrl, tokens, ...rest })
}
