import { type RawSource, rawKey, STATE_KEYS } from '../lake/layout.js'
import { getText, type ObjectStore } from '../lake/object-store.js'
import type { ApiMode } from '../spotify/api-mode.js'
import type { SpotifyClient } from '../spotify/spotify-client.js'
import { ExtractResumeError } from './errors.js'
import { RAW_ENVELOPE_FORMAT, type RawEnvelope } from './raw-envelope.js'

/** Where a page lands: source, source id and page number within the run. */
export interface PageTarget {
  source: RawSource
  sourceId: string
  page: number
}

/** One response, landed (or replayed from the run being resumed). */
export interface LandedPage {
  /** The raw key, or undefined when nothing was landed (a 403 or 404). */
  key: string | undefined
  status: number
  body: unknown
  url: string
  etag?: string
}

export interface PageRequest extends PageTarget {
  /** The mode to record, or how to tell it from the response body. */
  mode: ApiMode | ((body: unknown) => ApiMode)
  /** A path under the API base or an absolute `next` link. */
  url: string
  /** A cached ETag and the raw object holding the body it stands for. */
  cached?: { etag: string; key: string }
}

/**
 * Lands Spotify responses in the raw zone, one envelope per response, under keys that depend
 * only on the run, source, source id and page. When resuming a stopped run (same run id), a page
 * that is already there is read back instead of requested again, so the resumed run ends with
 * exactly the raw objects an uninterrupted one would have. Objects are never overwritten.
 *
 * @example
 * const landing = new RawLanding(store, { runId, snapshotDate, now: () => new Date(), resuming: false })
 * const page = await landing.page(client, { source: 'playlists', sourceId: id, page: 0, mode, url: `/playlists/${id}` })
 */
export class RawLanding {
  readonly keys: string[] = []
  synthetic = false
  /** Raw objects copied from earlier runs (no request made). */
  carried = 0
  /** Pages read back from the run being resumed. */
  replayed = 0
  /** The failure that stopped the run: no request is made after it. */
  halted: unknown

  constructor(
    private readonly store: ObjectStore,
    private readonly run: { runId: string; snapshotDate: string; now: () => Date; resuming: boolean },
  ) {}

  /** Stops further requests: `page` throws `error` from now on (the first failure wins). */
  halt(error: unknown): void {
    this.halted ??= error
  }

  /** GETs `url` and lands a 200 (a 304 lands the cached body); 403/404 are returned, not landed. */
  async page(client: SpotifyClient, request: PageRequest): Promise<LandedPage> {
    if (this.halted !== undefined) throw this.halted
    const key = this.keyOf(request)
    const replay = await this.replay(key)
    if (replay) {
      const absolute = request.url.startsWith('http') ? request.url : `${client.apiBaseUrl}${request.url}`
      if (replay.request.url !== absolute) {
        throw new ExtractResumeError(
          `the stopped run ${this.run.runId} asked for ${replay.request.url} where this one asks for ${absolute}; move ${STATE_KEYS.extractCheckpoint} away to start a fresh run`,
        )
      }
      this.replayed++
      return { key, status: replay.response.status, body: replay.response.body, url: replay.request.url }
    }
    const cached = request.cached
    const response = await client.get(request.url, cached ? { ifNoneMatch: cached.etag } : {})
    if (response.status !== 200 && response.status !== 201 && response.status !== 304) {
      return { key: undefined, status: response.status, body: response.body, url: response.url }
    }
    let body = response.body
    let revalidated: RawEnvelope['response']['revalidated']
    if (response.status === 304 && cached) {
      body = (await this.read(cached.key)).response.body
      revalidated = { status: 304, from_key: cached.key }
    }
    const envelope: RawEnvelope = {
      format: RAW_ENVELOPE_FORMAT,
      source: request.source,
      source_id: request.sourceId,
      run_id: this.run.runId,
      page: request.page,
      request: { method: 'GET', url: response.url },
      api_mode: typeof request.mode === 'function' ? request.mode(body) : request.mode,
      extracted_at: this.run.now().toISOString(),
      snapshot_date: this.run.snapshotDate,
      synthetic: response.synthetic,
      response: { status: 200, body, ...(revalidated && { revalidated }) },
    }
    await this.put(key, envelope)
    return { key, status: 200, body, url: response.url, ...(response.etag && { etag: response.etag }) }
  }

  /**
   * Copies a raw object of an earlier run into this run and snapshot date, without any request
   * (its content is known to be current). Returns undefined when the original is gone.
   */
  async carry(
    fromKey: string,
    target: PageTarget,
  ): Promise<{ key: string; envelope: RawEnvelope } | undefined> {
    const key = this.keyOf(target)
    const existing = await this.replay(key)
    if (existing) return { key, envelope: existing }
    let original: RawEnvelope
    try {
      original = await this.read(fromKey)
    } catch {
      return undefined
    }
    const envelope: RawEnvelope = {
      ...original,
      source: target.source,
      source_id: target.sourceId,
      run_id: this.run.runId,
      page: target.page,
      snapshot_date: this.run.snapshotDate,
      carried_from: { keys: fetchedKeys(fromKey, original), carried_at: this.run.now().toISOString() },
    }
    await this.put(key, envelope)
    this.carried++
    return { key, envelope }
  }

  /**
   * Lands an object this run assembled from earlier ones without a request (`build` is only
   * called when the run being resumed has not landed it already).
   */
  async assemble(
    target: PageTarget,
    build: () => Promise<
      Omit<RawEnvelope, 'source' | 'source_id' | 'run_id' | 'page' | 'snapshot_date'> | undefined
    >,
  ): Promise<{ key: string; envelope: RawEnvelope } | undefined> {
    const key = this.keyOf(target)
    const existing = await this.replay(key)
    if (existing) return { key, envelope: existing }
    const built = await build()
    if (!built) return undefined
    const envelope: RawEnvelope = {
      ...built,
      source: target.source,
      source_id: target.sourceId,
      run_id: this.run.runId,
      page: target.page,
      snapshot_date: this.run.snapshotDate,
    }
    await this.put(key, envelope)
    this.carried++
    return { key, envelope }
  }

  /** The time this run says it copied something. */
  carriedAt(): string {
    return this.run.now().toISOString()
  }

  /** True when every one of `keys` is in the lake. */
  async exist(keys: readonly string[]): Promise<boolean> {
    for (const key of keys) if (!(await this.store.head(key))) return false
    return true
  }

  async read(key: string): Promise<RawEnvelope> {
    return JSON.parse(await getText(this.store, key)) as RawEnvelope
  }

  private keyOf(target: PageTarget): string {
    const { runId, snapshotDate } = this.run
    return rawKey({
      source: target.source,
      snapshotDate,
      sourceId: target.sourceId,
      runId,
      page: target.page,
    })
  }

  private async replay(key: string): Promise<RawEnvelope | undefined> {
    if (!this.run.resuming || !(await this.store.head(key))) return undefined
    const envelope = await this.read(key)
    this.synthetic ||= envelope.synthetic
    this.keys.push(key)
    return envelope
  }

  private async put(key: string, envelope: RawEnvelope): Promise<void> {
    await this.store.put(key, JSON.stringify(envelope))
    this.synthetic ||= envelope.synthetic
    this.keys.push(key)
  }
}

/** The keys of the objects that were fetched: a copy names its originals, a fetched object itself. */
export function fetchedKeys(key: string, envelope: RawEnvelope): string[] {
  return envelope.carried_from?.keys ?? [key]
}
