import type { SyntheticCatalog } from './catalog.js'
import type { PlaylistEntry, PlaylistInfo } from './model.js'
import { CANONICAL_API_BASE, type Json, OPEN_BASE } from './render-catalog.js'

const CHART_IMAGE = 'https://charts-images.scdn.co/assets/locale_en/regional/daily/region_global_default.jpg'

/** What the playlist object embeds: the first items page under `tracks` / `items`, or nothing. */
export type EmbeddedItems = { key: 'tracks' | 'items'; page: Json } | undefined

/**
 * The Get Playlist object. Extended shape has `followers` and the embedded page under `tracks`;
 * development shape has no `followers` and the page under `items`, or (a playlist the user does not
 * own) no page at all: metadata only, as examples/objects/playlist.devmode-2026.not-owned-metadata-only.json.
 */
export function renderPlaylist(args: {
  catalog: SyntheticCatalog
  info: PlaylistInfo
  entries: readonly PlaylistEntry[]
  snapshotId: string
  extended: boolean
  embedded: EmbeddedItems
}): Json {
  const { info, embedded } = args
  return {
    collaborative: false,
    description: info.description,
    external_urls: { spotify: `${OPEN_BASE}/playlist/${info.id}` },
    ...(args.extended && { followers: { href: null, total: info.followers } }),
    href: `${CANONICAL_API_BASE}/playlists/${info.id}`,
    id: info.id,
    images:
      info.kind === 'chart'
        ? [{ height: null, url: CHART_IMAGE, width: null }]
        : mosaic(args.catalog, args.entries),
    ...(embedded?.key === 'items' && { items: embedded.page }),
    name: info.name,
    owner: {
      display_name: info.owner.displayName,
      external_urls: { spotify: `${OPEN_BASE}/user/${info.owner.id}` },
      href: `${CANONICAL_API_BASE}/users/${info.owner.id}`,
      id: info.owner.id,
      type: 'user',
      uri: `spotify:user:${info.owner.id}`,
    },
    primary_color: null,
    public: info.public,
    snapshot_id: args.snapshotId,
    ...(embedded?.key === 'tracks' && { tracks: embedded.page }),
    type: 'playlist',
    uri: `spotify:playlist:${info.id}`,
  }
}

/** Spotify's cover for user playlists: a mosaic of the first four distinct album covers (640/300/60). */
function mosaic(catalog: SyntheticCatalog, entries: readonly PlaylistEntry[]): Json[] {
  const hashes: string[] = []
  for (const entry of entries) {
    if (hashes.length === 4) break
    if (entry.ref.type !== 'track') continue
    const track = catalog.track(entry.ref.id)
    const hash = track && catalog.album(track.albumId)?.imageHash
    if (hash && !hashes.includes(hash)) hashes.push(hash)
  }
  if (hashes.length === 0) return []
  if (hashes.length < 4) {
    return [{ height: 640, url: `https://i.scdn.co/image/ab67616d0000b273${hashes[0]}`, width: 640 }]
  }
  const tail = hashes.map((h) => `ab67616d00001e02${h}`).join('')
  return [640, 300, 60].map((size) => ({
    height: size,
    url: `https://mosaic.scdn.co/${size}/${tail}`,
    width: size,
  }))
}
