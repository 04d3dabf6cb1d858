import type { ContentOrigin, ItemsPage, PlaylistContent, PlaylistItemsContent } from './envelope-content.js'

/** One items page with the envelope it came from (for recency). */
export interface SourcedPage {
  readonly origin: ContentOrigin
  readonly page: ItemsPage
}

/** The run whose envelopes describe one playlist in this partition. */
export interface SelectedPlaylist {
  readonly playlist_id: string
  readonly run_id: string
  /** `null` when the selected (incomplete) run lacks the Get Playlist envelope. */
  readonly playlist: PlaylistContent | null
  /** The run's items pages: the embedded page first, then by offset. */
  readonly pages: readonly SourcedPage[]
  readonly complete: boolean
}

export interface RunSelection {
  /** By playlist id. */
  readonly playlists: readonly SelectedPlaylist[]
  readonly envelopesUsed: number
  readonly envelopesIgnored: number
}

interface RunEnvelopes {
  readonly run_id: string
  playlist: PlaylistContent | null
  readonly items: PlaylistItemsContent[]
}

/**
 * For each playlist, the envelopes of the latest run (largest run id) whose pages are complete:
 * the Get Playlist envelope is there and the items pages cover offsets 0.. without a gap, the last
 * one with `next: null` (a metadata-only playlist needs no pages). When no run is complete the
 * latest run is used and marked incomplete. The envelopes of the other runs are ignored.
 */
export function selectPlaylistRuns(
  contents: readonly (PlaylistContent | PlaylistItemsContent)[],
): RunSelection {
  const byPlaylist = new Map<string, Map<string, RunEnvelopes>>()
  for (const content of contents) {
    const id = content.source === 'playlists' ? content.playlist.id : content.playlist_id
    const runs = byPlaylist.get(id) ?? new Map<string, RunEnvelopes>()
    byPlaylist.set(id, runs)
    const run = runs.get(content.run_id) ?? { run_id: content.run_id, playlist: null, items: [] }
    runs.set(content.run_id, run)
    if (content.source === 'playlists') {
      if (run.playlist === null || isLater(content, run.playlist)) run.playlist = content
    } else {
      run.items.push(content)
    }
  }
  const playlists: SelectedPlaylist[] = []
  let used = 0
  for (const [playlistId, runs] of [...byPlaylist].sort(([a], [b]) => compareText(a, b))) {
    const candidates = [...runs.values()]
      .sort((a, b) => compareText(b.run_id, a.run_id))
      .map((run) => ({ run, pages: pagesOf(run) }))
    const chosen =
      candidates.find(({ run, pages }) => run.playlist !== null && isComplete(pages)) ?? candidates[0]!
    used += (chosen.run.playlist === null ? 0 : 1) + chosen.run.items.length
    playlists.push({
      playlist_id: playlistId,
      run_id: chosen.run.run_id,
      playlist: chosen.run.playlist,
      pages: chosen.pages,
      complete: chosen.run.playlist !== null && isComplete(chosen.pages),
    })
  }
  return { playlists, envelopesUsed: used, envelopesIgnored: contents.length - used }
}

function pagesOf(run: RunEnvelopes): SourcedPage[] {
  const pages: SourcedPage[] = []
  if (run.playlist?.items) pages.push({ origin: run.playlist, page: run.playlist.items })
  const rest = [...run.items].sort((a, b) => a.items.offset - b.items.offset || a.page - b.page)
  for (const content of rest) pages.push({ origin: content, page: content.items })
  return pages
}

/** Pages cover offsets from 0 without a gap, and the page reaching furthest says there is no next one. */
function isComplete(pages: readonly SourcedPage[]): boolean {
  let covered = 0
  let last: ItemsPage | undefined
  for (const { page } of [...pages].sort((a, b) => a.page.offset - b.page.offset)) {
    if (page.offset > covered) return false
    const end = page.offset + page.length
    if (last === undefined || end >= covered) last = page
    covered = Math.max(covered, end)
  }
  return last === undefined || last.next === null
}

/** True when `a` was extracted after `b` (ties: the larger run id, then the larger page). */
export function isLater(a: ContentOrigin, b: ContentOrigin): boolean {
  const ta = Date.parse(a.extracted_at)
  const tb = Date.parse(b.extracted_at)
  if (ta !== tb) return ta > tb
  if (a.run_id !== b.run_id) return a.run_id > b.run_id
  return a.page > b.page
}

/** Code-unit order: the same on every machine, unlike `localeCompare`. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
