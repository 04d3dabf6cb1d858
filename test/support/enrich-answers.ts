import type { EnrichClientSettings } from '../../src/enrich/enrich-clients.js'
import type { EnrichState } from '../../src/enrich/enrich-state.js'
import type { RunningOpenMusicEmulator } from '../../src/open-music-emulator/index.js'

/**
 * Emulator limits and client pacing for tests where timing is not the subject: far above what
 * the tests send, so a loaded machine never meets a limit by accident.
 */
export const FAST = {
  limits: { mbRequestsPerSecond: 1000, mbBurst: 1000, lbRequests: 10_000, lbWindowSeconds: 10 },
  pacing: { mbRequestsPerSecond: 500, lbRequestsPer10s: 5000 },
}

/** The clients' settings for an emulator: its URLs and token, a test contact, the pacing. */
export function emulatorSettings(
  emu: RunningOpenMusicEmulator,
  pacing: Partial<EnrichClientSettings> = FAST.pacing,
): EnrichClientSettings {
  return {
    musicbrainzUrl: emu.musicbrainzBaseUrl,
    listenbrainzUrl: emu.listenbrainzBaseUrl,
    contact: 'tests@tunelake.invalid',
    token: emu.listenbrainzToken,
    ...pacing,
  }
}

/**
 * What the enrichment knows, without when it learnt it: the answers per ISRC, track lookup and
 * MBID. Two runs that end with equal sets answered the same questions the same way.
 */
export function answeredSet(state: EnrichState): unknown {
  const strip = <T extends { at: string }>(entries: Record<string, T>) =>
    Object.fromEntries(
      Object.entries(entries)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, { at: _, ...rest }]) => [k, rest]),
    )
  return {
    genres: state.genres !== null,
    isrc: strip(state.isrc),
    lookup: strip(state.lookup),
    recording: strip(state.recording),
    recording_metadata: strip(state.recording_metadata),
    recording_popularity: Object.keys(state.recording_popularity).sort(),
    artist_popularity: Object.keys(state.artist_popularity).sort(),
  }
}
