import { oneLine } from '../errors.js'
import type { ObjectStore } from '../lake/object-store.js'
import type { ApiMode } from '../spotify/api-mode.js'
import type { SpotifyClient } from '../spotify/spotify-client.js'
import { extractDimensions } from './extract-dimensions.js'
import { extractPlaylist } from './extract-playlist.js'
import { RawWriter } from './raw-writer.js'

export interface ExtractRequest {
  runId: string
  snapshotDate: string
  playlistIds: readonly string[]
  /** `auto` detects the API shape from the responses. */
  apiMode: ApiMode | 'auto'
  now?: () => Date
}

export interface ExtractReport {
  runId: string
  snapshotDate: string
  mode: ApiMode | undefined
  rawKeys: string[]
  entries: number
  requests: number
  retries: number
  failures: { source: string; message: string; retryable: boolean }[]
  /** True when any response came from tunelake's emulator. */
  synthetic: boolean
}

/**
 * One extraction: every configured playlist, then the artists and albums they reference.
 * A playlist that fails terminally is reported and the others go on; a retryable stop
 * (rate limit, API unreachable) ends the run and is rethrown after what was landed is reported.
 */
export async function extractRun(
  client: SpotifyClient,
  store: ObjectStore,
  request: ExtractRequest,
): Promise<ExtractReport> {
  const now = request.now ?? (() => new Date())
  const raw = new RawWriter(store, { ...request, now })
  const forced = request.apiMode === 'auto' ? undefined : request.apiMode
  const report: ExtractReport = {
    runId: request.runId,
    snapshotDate: request.snapshotDate,
    mode: forced,
    rawKeys: raw.keys,
    entries: 0,
    requests: 0,
    retries: 0,
    failures: [],
    synthetic: false,
  }
  const artists = new Set<string>()
  const albums = new Set<string>()
  const before = { ...client.stats }
  try {
    for (const playlistId of request.playlistIds) {
      try {
        const playlist = await extractPlaylist(client, raw, playlistId, forced, report.mode)
        report.mode ??= playlist.mode
        report.entries += playlist.entries
        for (const id of playlist.artistIds) artists.add(id)
        for (const id of playlist.albumIds) albums.add(id)
      } catch (error) {
        if ((error as { retryable?: boolean }).retryable !== false) throw error
        report.failures.push({ source: `playlist ${playlistId}`, message: oneLine(error), retryable: false })
      }
    }
    if (artists.size + albums.size > 0) {
      const dimensions = await extractDimensions(client, raw, { artists, albums }, report.mode ?? 'extended')
      report.mode = dimensions.mode
    }
  } finally {
    report.synthetic = raw.synthetic
    report.requests = client.stats.requests - before.requests
    report.retries = client.stats.retries - before.retries
  }
  return report
}
