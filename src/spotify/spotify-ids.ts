const BASE62_ID = /^[0-9A-Za-z]{22}$/

export function isSpotifyId(value: string): boolean {
  return BASE62_ID.test(value)
}

/**
 * A playlist id from an id, a `spotify:playlist:<id>` URI or an open.spotify.com URL.
 * Returns undefined when none of those fits.
 *
 * @example parsePlaylistRef('https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M?si=abc') // '37i9dQZF1DXcBWIGoYBM5M'
 */
export function parsePlaylistRef(ref: string): string | undefined {
  const trimmed = ref.trim()
  if (isSpotifyId(trimmed)) return trimmed
  const uri = /^spotify:playlist:([0-9A-Za-z]{22})$/.exec(trimmed)
  if (uri) return uri[1]
  try {
    const url = new URL(trimmed)
    const match = /^\/(?:intl-[a-z-]+\/)?playlist\/([0-9A-Za-z]{22})\/?$/.exec(url.pathname)
    if (url.hostname === 'open.spotify.com' && match) return match[1]
  } catch {
    // not a URL
  }
  return undefined
}

/** Spotify-owned editorial and algorithmic playlists, which apps created since Nov 2024 cannot read. */
export function isSpotifyOwnedPlaylistId(id: string): boolean {
  return id.startsWith('37i9dQZF1')
}

/**
 * An artist id from an id, a `spotify:artist:<id>` URI or an open.spotify.com URL.
 *
 * @example parseArtistRef('https://open.spotify.com/artist/0OdUWJ0sBjDrqHygGUXeCF') // '0OdUWJ0sBjDrqHygGUXeCF'
 */
export function parseArtistRef(ref: string): string | undefined {
  const trimmed = ref.trim()
  if (isSpotifyId(trimmed)) return trimmed
  const uri = /^spotify:artist:([0-9A-Za-z]{22})$/.exec(trimmed)
  if (uri) return uri[1]
  try {
    const url = new URL(trimmed)
    const match = /^\/(?:intl-[a-z-]+\/)?artist\/([0-9A-Za-z]{22})\/?$/.exec(url.pathname)
    if (url.hostname === 'open.spotify.com' && match) return match[1]
  } catch {
    // not a URL
  }
  return undefined
}
