import { apiError, forbidden, invalidId } from './errors.js'
import { isBase62Id } from './ids.js'
import { MARKETS } from './names.js'
import { hashString, unitHash } from './prng.js'
import type { Json } from './render-catalog.js'
import type { EmulatorState } from './state.js'

/**
 * Endpoints that apps created since November 2024 (audio features, recommendations) or
 * development-mode apps since February 2026 (markets) no longer get: 403 in development mode,
 * still served in extended mode (a legacy app).
 */

/** GET /v1/audio-features?ids= (max 100) and /v1/audio-features/{id}. */
export function getAudioFeatures(state: EmulatorState, id: string, query: URLSearchParams): Json {
  if (!state.extended) throw forbidden()
  if (id !== '') return features(state, id)
  const ids = (query.get('ids') ?? '').split(',').filter(Boolean)
  if (ids.length === 0) throw apiError(400, 'Missing required field: ids')
  if (ids.length > 100) throw apiError(400, 'Too many ids requested')
  return {
    audio_features: ids.map((trackId) => (state.catalog.track(trackId) ? features(state, trackId) : null)),
  }
}

/** GET /v1/recommendations: 20 tracks from the seed artists' genres. */
export function getRecommendations(state: EmulatorState, _id: string, query: URLSearchParams): Json {
  if (!state.extended) throw forbidden()
  const seeds = ['seed_artists', 'seed_tracks', 'seed_genres'].flatMap((k) =>
    (query.get(k) ?? '').split(',').filter(Boolean),
  )
  if (seeds.length === 0 || seeds.length > 5) throw apiError(400, 'Invalid number of seeds')
  const salt = hashString(seeds.join(','))
  const renderer = state.renderer()
  const tracks = state.catalog.tracks.filter((t) => unitHash(salt, hashString(t.id)) < 0.01).slice(0, 20)
  return {
    seeds: seeds.map((s) => ({ id: s, type: 'ARTIST', initialPoolSize: 250 })),
    tracks: tracks.map((t) => renderer.track(t)),
  }
}

/** GET /v1/markets. */
export function getMarkets(state: EmulatorState): Json {
  if (!state.extended) throw forbidden()
  return { markets: MARKETS }
}

function features(state: EmulatorState, trackId: string): Json {
  if (!isBase62Id(trackId)) throw invalidId()
  const track = state.catalog.track(trackId)
  if (!track) throw apiError(404, 'Resource not found')
  const h = hashString(trackId)
  const unit = (n: number) => Math.round(unitHash(h, n) * 1000) / 1000
  return {
    acousticness: unit(1),
    analysis_url: `https://api.spotify.com/v1/audio-analysis/${trackId}`,
    danceability: unit(2),
    duration_ms: track.durationMs,
    energy: unit(3),
    id: trackId,
    instrumentalness: unit(4),
    key: Math.floor(unitHash(h, 5) * 12),
    liveness: unit(6),
    loudness: -Math.round(unitHash(h, 7) * 20_000) / 1000,
    mode: unitHash(h, 8) < 0.6 ? 1 : 0,
    speechiness: unit(9),
    tempo: 70 + Math.round(unitHash(h, 10) * 110_000) / 1000,
    time_signature: 4,
    track_href: `https://api.spotify.com/v1/tracks/${trackId}`,
    type: 'audio_features',
    uri: `spotify:track:${trackId}`,
    valence: unit(11),
  }
}
