import type { PlayContext } from './listening-history.js'
import type { PlaylistInfo, UserModel } from './model.js'
import { CANONICAL_API_BASE, type Json, OPEN_BASE } from './render-catalog.js'
import { renderPlaylist } from './render-playlist.js'
import type { EmulatorState } from './state.js'

/**
 * `GET /me`: the private user object. Development mode drops country, email, explicit_content,
 * followers and product (Feb 2026); `account_id` is there in both (May 2026).
 */
export function renderMe(user: UserModel, extended: boolean): Json {
  return {
    account_id: `tl${user.id.replace(/[^A-Za-z0-9]/g, '').slice(0, 8)}`,
    ...(extended && { country: 'SE', display_name: user.displayName }),
    ...(!extended && { display_name: user.displayName }),
    ...(extended && {
      email: `${user.id}@example.invalid`,
      explicit_content: { filter_enabled: false, filter_locked: false },
    }),
    external_urls: { spotify: `${OPEN_BASE}/user/${user.id}` },
    ...(extended && { followers: { href: null, total: 3 } }),
    href: `${CANONICAL_API_BASE}/users/${user.id}`,
    id: user.id,
    images: [],
    ...(extended && { product: 'premium' }),
    type: 'user',
    uri: `spotify:user:${user.id}`,
  }
}

/**
 * A SimplifiedPlaylist as `/me/playlists` and search list it: no followers, no items page, but a
 * `{href, total}` stub under `tracks` (extended) or `items` (development).
 */
export function renderSimplifiedPlaylist(state: EmulatorState, info: PlaylistInfo): Json {
  const entries = state.playlistItems(info.id)
  const full = renderPlaylist({
    catalog: state.catalog,
    info,
    entries,
    snapshotId: state.snapshotId(info.id),
    extended: state.extended,
    embedded: undefined,
  })
  const { followers: _followers, ...rest } = full
  const key = state.extended ? 'tracks' : 'items'
  const stub = { href: `${CANONICAL_API_BASE}/playlists/${info.id}/${key}`, total: entries.length }
  const ordered: Json = {}
  for (const [name, value] of Object.entries({ ...rest, [key]: stub }).sort(([a], [b]) => (a < b ? -1 : 1))) {
    ordered[name] = value
  }
  return ordered
}

/** The `context` of a play history item. */
export function renderContext(context: PlayContext): Json | null {
  if (context === null) return null
  return {
    external_urls: { spotify: `${OPEN_BASE}/${context.type}/${context.id}` },
    href: `${CANONICAL_API_BASE}/${context.type}s/${context.id}`,
    type: context.type,
    uri: `spotify:${context.type}:${context.id}`,
  }
}
