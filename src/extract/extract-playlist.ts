import type { ApiMode } from '../spotify/api-mode.js'
import { errorMessage, type SpotifyClient, type SpotifyResponse } from '../spotify/spotify-client.js'
import { isSpotifyOwnedPlaylistId } from '../spotify/spotify-ids.js'
import { ExtractSourceError } from './errors.js'
import type { RawWriter } from './raw-writer.js'

export interface PlaylistExtraction {
  mode: ApiMode
  artistIds: Set<string>
  albumIds: Set<string>
  entries: number
}

/**
 * Get Playlist, then every items page by `next` (`/tracks` in extended mode, `/items` in
 * development mode), each response landed as one raw envelope. Collects the artist and album
 * ids the tracks reference, for enrichment.
 */
export async function extractPlaylist(
  client: SpotifyClient,
  raw: RawWriter,
  playlistId: string,
  forcedMode: ApiMode | undefined,
  knownMode?: ApiMode,
): Promise<PlaylistExtraction> {
  const first = await client.get(`/playlists/${playlistId}?additional_types=track,episode`)
  if (first.status === 404) throw new ExtractSourceError(notFoundMessage(playlistId))
  if (first.status === 403) {
    throw new ExtractSourceError(
      `playlist ${playlistId} is not readable by this app (403 ${errorMessage(first.body)}): use a playlist the authorised user owns or collaborates on`,
    )
  }
  const body = asObject(first.body)
  const mode = forcedMode ?? detectMode(body) ?? knownMode ?? 'extended'
  await raw.write('playlists', playlistId, 0, mode, first)

  const result: PlaylistExtraction = { mode, artistIds: new Set(), albumIds: new Set(), entries: 0 }
  let page = asObject(body.tracks ?? body.items)
  collect(page, result)
  for (let n = 1; typeof page.next === 'string'; n++) {
    const response: SpotifyResponse = await client.get(page.next)
    if (response.status !== 200) {
      throw new ExtractSourceError(
        `the items of playlist ${playlistId} are not readable (${response.status} ${errorMessage(response.body)}): in development mode only playlists the user owns or collaborates on can be read`,
      )
    }
    await raw.write('playlist_items', playlistId, n, mode, response)
    page = asObject(response.body)
    collect(page, result)
  }
  return result
}

function collect(page: Record<string, unknown>, into: PlaylistExtraction): void {
  if (!Array.isArray(page.items)) return
  for (const entry of page.items) {
    const item = asObject(asObject(entry).item ?? asObject(entry).track)
    into.entries++
    if (item.type !== 'track' || typeof item.id !== 'string') continue
    const album = asObject(item.album)
    if (typeof album.id === 'string') into.albumIds.add(album.id)
    const artists = [item.artists, album.artists].flatMap((list) => (Array.isArray(list) ? list : []))
    for (const artist of artists) {
      const id = asObject(artist).id
      if (typeof id === 'string') into.artistIds.add(id)
    }
  }
}

/**
 * The API shape from a Get Playlist body: an items page under `tracks` is the extended shape,
 * under `items` the development shape. A development-mode playlist the user does not own comes
 * back metadata-only, with neither: then the shape stays unknown.
 */
function detectMode(body: Record<string, unknown>): ApiMode | undefined {
  if ('tracks' in body) return 'extended'
  if ('items' in body) return 'development'
  return undefined
}

function notFoundMessage(playlistId: string): string {
  if (isSpotifyOwnedPlaylistId(playlistId)) {
    return `playlist ${playlistId} was not found (404): it is a Spotify-owned editorial playlist, which apps created since November 2024 cannot read; copy its tracks into a playlist you own and extract that one`
  }
  return `playlist ${playlistId} was not found (404): check the id or URL, and that the playlist is public or yours`
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}
