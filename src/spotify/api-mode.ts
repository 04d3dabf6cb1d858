/**
 * The two shapes of the Spotify Web API in 2026 (see shared/spotify-api/NOTES.md):
 * `extended` (legacy: `/tracks`, item key `track`, batch endpoints, popularity, followers, genres, label)
 * and `development` (every new app: `/items`, item key `item`, no batch endpoints, those fields gone).
 */
export type ApiMode = 'extended' | 'development'

export function isApiMode(value: unknown): value is ApiMode {
  return value === 'extended' || value === 'development'
}
