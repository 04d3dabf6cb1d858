import { describe, expect, it } from 'vitest'
import { isSpotifyOwnedPlaylistId, parsePlaylistRef } from './spotify-ids.js'

describe('parsePlaylistRef', () => {
  it('accepts an id, a URI and open.spotify.com URLs', () => {
    const id = '3cEYpjA9oz9GiPac4AsH4n'
    expect(parsePlaylistRef(id)).toBe(id)
    expect(parsePlaylistRef(`spotify:playlist:${id}`)).toBe(id)
    expect(parsePlaylistRef(`https://open.spotify.com/playlist/${id}?si=abc123`)).toBe(id)
    expect(parsePlaylistRef(`https://open.spotify.com/intl-de/playlist/${id}`)).toBe(id)
  })

  it('rejects what is not a playlist reference', () => {
    for (const ref of [
      '',
      'abc',
      'https://example.com/playlist/3cEYpjA9oz9GiPac4AsH4n',
      'spotify:album:3cEYpjA9oz9GiPac4AsH4n',
    ]) {
      expect(parsePlaylistRef(ref), ref).toBeUndefined()
    }
  })

  it('recognises Spotify-owned editorial playlists', () => {
    expect(isSpotifyOwnedPlaylistId('37i9dQZF1DXcBWIGoYBM5M')).toBe(true)
    expect(isSpotifyOwnedPlaylistId('3cEYpjA9oz9GiPac4AsH4n')).toBe(false)
  })
})
