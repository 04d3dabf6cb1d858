import type { OpenMusicKind, OpenMusicService } from '../lake/layout.js'
import type { OpenAnswer } from './exchange.js'

/** A Spotify track the enrichment asked about, as the raw answer remembers it. */
export interface AskedTrack {
  track_id: string
  /** The normalized ISRC the request used, or null for a lookup by names. */
  isrc: string | null
}

/**
 * What one raw object under `raw/open-music/` holds: one answer of MusicBrainz or ListenBrainz,
 * whatever its status, with the tracks it was asked for, so the matching rules and the tables can
 * be rebuilt offline from the raw zone alone. Written once, never changed (the lake's raw zone).
 */
export interface OpenMusicRawAnswer {
  service: OpenMusicService
  kind: OpenMusicKind
  tracks: AskedTrack[]
  request: OpenAnswer['request']
  status: number
  headers: Record<string, string>
  body: unknown
  /** When the answer arrived, ISO 8601 UTC. */
  at: string
  synthetic: boolean
}

export function rawAnswer(
  service: OpenMusicService,
  kind: OpenMusicKind,
  tracks: AskedTrack[],
  answer: OpenAnswer,
): OpenMusicRawAnswer {
  const { request, status, headers, body, at, synthetic } = answer
  return { service, kind, tracks, request, status, headers, body, at: at.toISOString(), synthetic }
}
