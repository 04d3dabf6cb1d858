import { STATE_KEYS } from '../lake/layout.js'
import { getText, type ObjectStore, putJson } from '../lake/object-store.js'
import type { ApiMode } from '../spotify/api-mode.js'
import { ExtractStateError } from './errors.js'

/** What the last fetch of a playlist landed: an unchanged `snapshot_id` means these are still current. */
export interface PlaylistState {
  snapshot_id: string
  /** Raw keys: the Get Playlist object first, then the items pages in order. */
  keys: string[]
  fetched_at: string
}

/** An artist or album object fetched at `fetched_at`, held in the raw object `key`. */
export interface CachedEntity {
  key: string
  fetched_at: string
}

/**
 * The incremental state, committed in one object after the raw objects it covers are durable:
 * a run that stops before the commit leaves the previous state, so nothing it landed is skipped.
 */
export interface ExtractState {
  format: 'tunelake.extract-state/v1'
  /** The run that committed this state. */
  committed_run: { run_id: string; snapshot_date: string; committed_at: string } | null
  /** The API mode the responses revealed (kept so later runs start with the right limits). */
  api_mode: ApiMode | null
  playlists: Record<string, PlaylistState>
  saved_tracks: { newest_added_at: string } | null
  recently_played: { after_ms: number } | null
  /** ETags of listing pages (by URL) and the raw object holding the body they stand for. */
  etags: Record<string, { etag: string; key: string }>
  dimensions: { artists: Record<string, CachedEntity>; albums: Record<string, CachedEntity> }
}

/** A run in progress (or stopped): the next run for the same snapshot date resumes it. */
export interface ExtractCheckpoint {
  format: 'tunelake.extract-checkpoint/v1'
  run_id: string
  snapshot_date: string
  started_at: string
  stopped?: { at: string; reason: string; resume_after?: string }
}

export function emptyState(): ExtractState {
  return {
    format: 'tunelake.extract-state/v1',
    committed_run: null,
    api_mode: null,
    playlists: {},
    saved_tracks: null,
    recently_played: null,
    etags: {},
    dimensions: { artists: {}, albums: {} },
  }
}

export async function readState(store: ObjectStore): Promise<ExtractState> {
  const value = await readJson(store, STATE_KEYS.extractState)
  if (value === undefined) return emptyState()
  const state = value as Partial<ExtractState>
  if (state.format !== 'tunelake.extract-state/v1' || typeof state.playlists !== 'object') {
    throw new ExtractStateError(
      `${store.location}/${STATE_KEYS.extractState} is not a tunelake extract state; move it away to start the incremental sources afresh`,
    )
  }
  return { ...emptyState(), ...state }
}

export async function readCheckpoint(store: ObjectStore): Promise<ExtractCheckpoint | undefined> {
  const value = (await readJson(store, STATE_KEYS.extractCheckpoint)) as
    | Partial<ExtractCheckpoint>
    | undefined
  if (value?.format !== 'tunelake.extract-checkpoint/v1' || typeof value.run_id !== 'string') return undefined
  return value as ExtractCheckpoint
}

export async function writeState(store: ObjectStore, state: ExtractState): Promise<void> {
  await putJson(store, STATE_KEYS.extractState, state)
}

export async function writeCheckpoint(store: ObjectStore, checkpoint: ExtractCheckpoint): Promise<void> {
  await putJson(store, STATE_KEYS.extractCheckpoint, checkpoint)
}

/**
 * Drops cache entries older than the cache period, so the state does not grow without end
 * (with `cacheDays` 0 nothing is cached).
 */
export function pruneDimensions(state: ExtractState, nowMs: number, cacheDays: number): void {
  const oldest = nowMs - cacheDays * 86_400_000
  for (const table of [state.dimensions.artists, state.dimensions.albums]) {
    for (const [id, entry] of Object.entries(table)) {
      if (Date.parse(entry.fetched_at) <= oldest) delete table[id]
    }
  }
}

async function readJson(store: ObjectStore, key: string): Promise<unknown> {
  if (!(await store.head(key))) return undefined
  const text = await getText(store, key)
  try {
    return JSON.parse(text)
  } catch {
    throw new ExtractStateError(
      `${store.location}/${key} is not valid JSON; move it away to start the incremental sources afresh`,
    )
  }
}
