import type { PlaylistItem } from './envelope-content.js'
import type { SelectedPlaylist } from './select-runs.js'
import type { Row } from './table-specs.js'

export interface PlaylistRows {
  readonly playlist_tracks: Row[]
  readonly playlists: Row[]
  readonly nullItems: number
}

/**
 * `playlist_tracks` (one row per non-null entry, position = offset + index + 1, so a `null` entry
 * keeps its slot) and `playlists` (one row per playlist whose Get Playlist envelope was selected).
 * Rows come unsorted and may repeat a key when pages overlap; `orderByKey` settles both.
 */
export function playlistRows(selected: readonly SelectedPlaylist[]): PlaylistRows {
  const playlistTracks: Row[] = []
  const playlists: Row[] = []
  let nullItems = 0
  for (const { playlist_id, playlist, pages } of selected) {
    const meta = playlist?.playlist ?? null
    for (const { page } of pages) {
      nullItems += page.null_items
      for (const item of page.items) {
        playlistTracks.push(playlistTrackRow(playlist_id, meta?.snapshot_id ?? null, item))
      }
    }
    if (meta === null) continue
    playlists.push({
      playlist_id,
      name: meta.name,
      description: meta.description,
      owner_id: meta.owner_id,
      snapshot_id: meta.snapshot_id,
      followers: meta.followers,
      total_items: meta.total_items ?? pages[0]?.page.total ?? null,
      public: meta.public,
      collaborative: meta.collaborative,
    })
  }
  return { playlist_tracks: playlistTracks, playlists, nullItems }
}

function playlistTrackRow(playlistId: string, snapshotId: string | null, item: PlaylistItem): Row {
  const { content } = item
  const isLocal = item.is_local || (content.type === 'track' && content.is_local)
  return {
    playlist_id: playlistId,
    position: item.index + 1,
    track_id: isLocal ? null : content.id,
    item_uri: content.uri,
    item_name: content.name,
    added_at: item.added_at,
    added_by: item.added_by,
    item_type: content.type,
    is_local: isLocal,
    playlist_snapshot_id: snapshotId,
  }
}
