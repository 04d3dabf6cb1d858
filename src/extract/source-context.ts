import type { ApiMode } from '../spotify/api-mode.js'
import type { SpotifyClient } from '../spotify/spotify-client.js'
import type { ExtractState } from './extract-state.js'
import type { RawLanding } from './raw-landing.js'

/**
 * The API mode of a run: forced by the config, or worked out from the responses (an items page
 * under `tracks` or `items`, a 403 on a batch endpoint, a 400 for a limit only extended mode
 * allows). Until something reveals it, `current` is the last known mode or extended.
 */
export class ModeTracker {
  private detected: ApiMode | undefined

  constructor(
    readonly forced: ApiMode | undefined,
    private readonly known: ApiMode | undefined,
  ) {}

  get current(): ApiMode {
    return this.forced ?? this.detected ?? this.known ?? 'extended'
  }

  /** The mode the responses revealed in this run, if any. */
  get revealed(): ApiMode | undefined {
    return this.forced ?? this.detected
  }

  observe(mode: ApiMode | undefined): void {
    if (mode !== undefined && this.forced === undefined) this.detected = mode
  }
}

/** Artist and album ids the landed tracks reference: what enrichment must fetch (or find cached). */
export class References {
  readonly artists = new Set<string>()
  readonly albums = new Set<string>()
  /** Albums of an artist catalog: their tracks beyond the first 50 are fetched too. */
  readonly catalogAlbums = new Set<string>()

  /** Adds the album and the artists of a Track object (any shape; local files have null ids). */
  track(value: unknown): void {
    const track = asObject(value)
    if (track.type !== 'track' || typeof track.id !== 'string') return
    const album = asObject(track.album)
    if (typeof album.id === 'string') this.albums.add(album.id)
    for (const list of [track.artists, album.artists]) {
      for (const artist of Array.isArray(list) ? list : []) {
        const id = asObject(artist).id
        if (typeof id === 'string') this.artists.add(id)
      }
    }
  }
}

/** What every source extractor works with. */
export interface SourceContext {
  client: SpotifyClient
  landing: RawLanding
  /** The draft of the next state; committed by the run once everything landed. */
  state: ExtractState
  mode: ModeTracker
  refs: References
  /** Playlist entries landed or carried (for the report). */
  counts: { entries: number }
  /** Non-fatal findings for the report (a possible gap in the play history, null entries...). */
  notes: string[]
  /** The run's start, the clock for cache ages (fixed, so a resumed run decides the same way). */
  startedAt: Date
  /** Failures of one item of a source (one playlist of the user's library) that did not stop it. */
  fail: (source: string, message: string) => void
}

export function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

/**
 * Waits for every task, then throws the first failure: unlike `Promise.all`, nothing is still
 * running (and landing objects) when a failure reaches the caller and its checkpoint is written.
 * The first failure also halts the landing, so the other tasks stop instead of asking on.
 */
export async function settleAll(ctx: SourceContext, tasks: readonly Promise<unknown>[]): Promise<void> {
  await Promise.all(tasks.map((task) => task.catch((error) => ctx.landing.halt(error))))
  if (ctx.landing.halted !== undefined) throw ctx.landing.halted
}
