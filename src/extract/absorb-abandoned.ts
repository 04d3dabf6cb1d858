import { RAW_PREFIX } from '../lake/layout.js'
import { getText, listAll, type ObjectStore } from '../lake/object-store.js'
import type { ExtractCheckpoint, ExtractState } from './extract-state.js'
import type { RawEnvelope } from './raw-envelope.js'
import { asArray, asObject } from './source-context.js'

/**
 * A run that stopped and was not resumed (the next run is for another snapshot date) still
 * landed what it landed. For the event sources, whose rows are not snapshots, its pages are
 * taken into the state before the new run starts, so the new run does not land the same plays
 * or saves again. Only a complete sequence of pages counts (its last page has no `next`): a
 * partial one moves no cursor, so nothing is skipped either. Returns what it took over.
 */
export async function absorbAbandoned(
  store: ObjectStore,
  state: ExtractState,
  abandoned: ExtractCheckpoint,
): Promise<string[]> {
  const taken: string[] = []
  const plays = await pagesOf(store, abandoned, 'recently_played')
  if (plays.length > 0 && isComplete(plays)) {
    let newest = state.recently_played?.after_ms
    for (const page of plays) {
      for (const item of asArray(asObject(page.response.body).items)) {
        const ms = Date.parse(String(asObject(item).played_at))
        if (!Number.isNaN(ms) && (newest === undefined || ms > newest)) newest = ms
      }
    }
    if (newest !== undefined && newest !== state.recently_played?.after_ms) {
      state.recently_played = { after_ms: newest }
      taken.push('recently_played')
    }
  }
  const saves = await pagesOf(store, abandoned, 'saved_tracks')
  const boundary = state.saved_tracks ? Date.parse(state.saved_tracks.newest_added_at) : undefined
  const reachedKnown = saves.some((page) =>
    asArray(asObject(page.response.body).items).some(
      (item) => boundary !== undefined && Date.parse(String(asObject(item).added_at)) <= boundary,
    ),
  )
  if (saves.length > 0 && (reachedKnown || isComplete(saves))) {
    let newest = state.saved_tracks?.newest_added_at
    for (const page of saves) {
      for (const item of asArray(asObject(page.response.body).items)) {
        const added = asObject(item).added_at
        if (typeof added === 'string' && (newest === undefined || Date.parse(added) > Date.parse(newest))) {
          newest = added
        }
      }
    }
    if (newest !== undefined && newest !== state.saved_tracks?.newest_added_at) {
      state.saved_tracks = { newest_added_at: newest }
      taken.push('saved_tracks')
    }
  }
  return taken
}

/** The abandoned run's pages of one source, in page order. */
async function pagesOf(
  store: ObjectStore,
  run: ExtractCheckpoint,
  source: 'recently_played' | 'saved_tracks',
): Promise<RawEnvelope[]> {
  const prefix = `${RAW_PREFIX}${source}/snapshot_date=${run.snapshot_date}/`
  const pages: RawEnvelope[] = []
  for (const info of await listAll(store, prefix)) {
    if (!info.key.endsWith('.json') || !info.key.includes(`/${run.run_id}-`)) continue
    pages.push(JSON.parse(await getText(store, info.key)) as RawEnvelope)
  }
  return pages.sort((a, b) => a.page - b.page)
}

/** Pages 0..n without a gap, the last one without a `next`. */
function isComplete(pages: readonly RawEnvelope[]): boolean {
  if (pages.some((page, i) => page.page !== i)) return false
  return typeof asObject(pages.at(-1)!.response.body).next !== 'string'
}
