import type { ApiMode } from '../spotify/api-mode.js'
import { errorMessage } from '../spotify/spotify-client.js'
import { isSpotifyOwnedPlaylistId } from '../spotify/spotify-ids.js'
import { ExtractSourceError } from './errors.js'
import { asArray, asObject, type SourceContext } from './source-context.js'

/**
 * Get Playlist, then every items page by `next` (`/tracks` in extended mode, `/items` in
 * development mode), each response landed as one raw envelope. When the `snapshot_id` is the one
 * the last fetch saw, the items pages of that fetch are carried over instead of requested again.
 */
export async function extractPlaylist(ctx: SourceContext, playlistId: string): Promise<void> {
  const first = await ctx.landing.page(ctx.client, {
    source: 'playlists',
    sourceId: playlistId,
    page: 0,
    url: `/playlists/${playlistId}?additional_types=track,episode`,
    mode: (body) => detectMode(asObject(body)) ?? ctx.mode.current,
  })
  if (first.status === 404) throw new ExtractSourceError(notFoundMessage(playlistId))
  if (first.status === 403) {
    throw new ExtractSourceError(
      `playlist ${playlistId} is not readable by this app (403 ${errorMessage(first.body)}): use a playlist the authorised user owns or collaborates on`,
    )
  }
  const body = asObject(first.body)
  ctx.mode.observe(detectMode(body))
  const snapshotId = typeof body.snapshot_id === 'string' ? body.snapshot_id : undefined
  const previous = ctx.state.playlists[playlistId]
  const reusable =
    previous !== undefined &&
    snapshotId === previous.snapshot_id &&
    (await ctx.landing.exist(previous.keys.slice(1)))
  const keys = [first.key!]
  let page = asObject(body.tracks ?? body.items)
  collect(ctx, page)
  for (let n = 1; typeof page.next === 'string'; n++) {
    const from = reusable ? previous.keys[n] : undefined
    const carried =
      from === undefined
        ? undefined
        : await ctx.landing.carry(from, { source: 'playlist_items', sourceId: playlistId, page: n })
    if (carried) {
      keys.push(carried.key)
      page = asObject(carried.envelope.response.body)
    } else {
      const next = await ctx.landing.page(ctx.client, {
        source: 'playlist_items',
        sourceId: playlistId,
        page: n,
        url: page.next,
        mode: ctx.mode.current,
      })
      if (next.status !== 200) {
        throw new ExtractSourceError(
          `the items of playlist ${playlistId} are not readable (${next.status} ${errorMessage(next.body)}): in development mode only playlists the user owns or collaborates on can be read`,
        )
      }
      keys.push(next.key!)
      page = asObject(next.body)
    }
    collect(ctx, page)
  }
  if (snapshotId !== undefined) {
    ctx.state.playlists[playlistId] = {
      snapshot_id: snapshotId,
      keys,
      fetched_at: ctx.startedAt.toISOString(),
    }
  }
}

/**
 * Carries every raw object of the playlist's last fetch into this run, with no request: for a
 * playlist whose listed `snapshot_id` is unchanged. False (nothing carried) if any object is gone.
 */
export async function carryPlaylist(ctx: SourceContext, playlistId: string): Promise<boolean> {
  const previous = ctx.state.playlists[playlistId]
  if (!previous || !(await ctx.landing.exist(previous.keys))) return false
  const keys: string[] = []
  for (const [n, from] of previous.keys.entries()) {
    const source = n === 0 ? 'playlists' : 'playlist_items'
    const carried = await ctx.landing.carry(from, { source, sourceId: playlistId, page: n })
    if (!carried) return false
    keys.push(carried.key)
    const body = asObject(carried.envelope.response.body)
    collect(ctx, n === 0 ? asObject(body.tracks ?? body.items) : body)
  }
  ctx.state.playlists[playlistId] = { ...previous, keys }
  return true
}

function collect(ctx: SourceContext, page: Record<string, unknown>): void {
  for (const entry of asArray(page.items)) {
    ctx.counts.entries++
    const o = asObject(entry)
    ctx.refs.track(o.item ?? o.track)
  }
}

/**
 * The API shape from a Get Playlist body: an items page under `tracks` is the extended shape,
 * under `items` the development shape. A development-mode playlist the user does not own comes
 * back metadata-only, with neither: then the shape stays unknown.
 */
export function detectMode(body: Record<string, unknown>): ApiMode | undefined {
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
