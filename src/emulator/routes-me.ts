import type { Grant } from './access-tokens.js'
import { requireScope } from './access-tokens.js'
import { apiError, invalidRequest } from './errors.js'
import { pagingObject, parsePage } from './paging.js'
import { DEMO_USER, SPOTIFY_USER } from './playlist-defs.js'
import type { Json } from './render-catalog.js'
import { renderContext, renderMe, renderSimplifiedPlaylist } from './render-user.js'
import type { EmulatorState } from './state.js'

/** GET /v1/me: any user token. */
export function getMe(state: EmulatorState, _id: string, _query: URLSearchParams, grant: Grant): Json {
  if (grant.user === undefined) throw apiError(403, 'Insufficient client scope')
  return renderMe(DEMO_USER, state.extended)
}

/**
 * GET /v1/me/playlists: the user's own and followed playlists, limit 1-50 (default 20). Since
 * Dec 2024 Spotify-owned playlists come back as `null` entries for restricted (development) apps.
 */
export function getMyPlaylists(
  state: EmulatorState,
  _id: string,
  query: URLSearchParams,
  grant: Grant,
): Json {
  requireScope(grant, 'playlist-read-private')
  const { offset, limit } = parsePage(query, { defaultLimit: 20, maxLimit: 50 })
  const all = state.libraryPlaylists()
  const items = all
    .slice(offset, offset + limit)
    .map((info) =>
      !state.extended && info.owner.id === SPOTIFY_USER.id ? null : renderSimplifiedPlaylist(state, info),
    )
  return pagingObject({ base: `${state.apiBaseUrl}/me/playlists`, offset, limit, total: all.length, items })
}

/** GET /v1/me/tracks: saved tracks, newest first, limit 1-50 (default 20). */
export function getSavedTracks(
  state: EmulatorState,
  _id: string,
  query: URLSearchParams,
  grant: Grant,
): Json {
  requireScope(grant, 'user-library-read')
  const { offset, limit } = parsePage(query, { defaultLimit: 20, maxLimit: 50 })
  const saved = state.saved.on(state.dayNumber)
  const renderer = state.renderer()
  const items = saved.slice(offset, offset + limit).map((s) => ({
    added_at: s.addedAt,
    track: renderer.track(state.catalog.track(s.trackId)!),
  }))
  return pagingObject({ base: `${state.apiBaseUrl}/me/tracks`, offset, limit, total: saved.length, items })
}

/**
 * GET /v1/me/player/recently-played: cursor paging over the last 50 plays, newest first;
 * `before` pages backwards, `after` forwards (the oldest `limit` plays after it); never both.
 */
export function getRecentlyPlayed(
  state: EmulatorState,
  _id: string,
  query: URLSearchParams,
  grant: Grant,
): Json {
  requireScope(grant, 'user-read-recently-played')
  const { limit } = parsePage(query, { defaultLimit: 20, maxLimit: 50 })
  const before = cursorParam(query, 'before')
  const after = cursorParam(query, 'after')
  if (before !== undefined && after !== undefined) {
    throw invalidRequest('Only one of after and before may be specified')
  }
  const window = state.history.recent(state.dayNumber)
  let page: typeof window
  let more: boolean
  if (after !== undefined) {
    const newer = window.filter((p) => p.playedAtMs > after)
    page = newer.slice(Math.max(0, newer.length - limit))
    more = newer.length > limit
  } else {
    const older = before === undefined ? window : window.filter((p) => p.playedAtMs < before)
    page = older.slice(0, limit)
    more = older.length > limit
  }
  const renderer = state.renderer()
  const base = `${state.apiBaseUrl}/me/player/recently-played`
  const newest = page[0]?.playedAtMs
  const oldest = page.at(-1)?.playedAtMs
  const echo = after !== undefined ? `&after=${after}` : before !== undefined ? `&before=${before}` : ''
  return {
    items: page.map((play) => ({
      track: renderer.track(state.catalog.track(play.trackId)!),
      played_at: new Date(play.playedAtMs).toISOString(),
      context: renderContext(play.context),
    })),
    next: !more
      ? null
      : after !== undefined
        ? `${base}?after=${newest}&limit=${limit}`
        : `${base}?before=${oldest}&limit=${limit}`,
    cursors: newest === undefined ? null : { after: String(newest), before: String(oldest) },
    limit,
    href: `${base}?limit=${limit}${echo}`,
  }
}

const TOP_WINDOW_DAYS: Readonly<Record<string, number>> = {
  short_term: 28,
  medium_term: 182,
  long_term: 730,
}
const TOP_SIZE = 50

/** GET /v1/me/top/{artists|tracks}: ranked by plays in the time range, at most 50, limit 1-50. */
export function getTop(state: EmulatorState, type: string, query: URLSearchParams, grant: Grant): Json {
  requireScope(grant, 'user-top-read')
  const range = query.get('time_range') ?? 'medium_term'
  const days = TOP_WINDOW_DAYS[range]
  if (days === undefined) throw invalidRequest('Invalid time range')
  const { offset, limit } = parsePage(query, { defaultLimit: 20, maxLimit: 50 })
  const counts = state.history.countsOver(state.dayNumber, days)
  const scores = new Map<string, number>()
  for (const [trackId, n] of counts) {
    const id = type === 'tracks' ? trackId : state.catalog.track(trackId)!.artistIds[0]!
    scores.set(id, (scores.get(id) ?? 0) + n)
  }
  const ranked = [...scores]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP_SIZE)
    .map(([id]) => id)
  const renderer = state.renderer()
  const items = ranked
    .slice(offset, offset + limit)
    .map((id) =>
      type === 'tracks'
        ? renderer.track(state.catalog.track(id)!)
        : renderer.artist(state.catalog.artist(id)!),
    )
  return pagingObject({
    base: `${state.apiBaseUrl}/me/top/${type}`,
    offset,
    limit,
    total: ranked.length,
    items,
    extra: query.has('time_range') ? [['time_range', range]] : [],
  })
}

function cursorParam(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name)
  if (text === null) return undefined
  if (!/^\d{1,15}$/.test(text)) throw invalidRequest(`Invalid ${name} parameter`)
  return Number(text)
}
