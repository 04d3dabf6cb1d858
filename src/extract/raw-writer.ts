import { rawKey } from '../lake/layout.js'
import type { ObjectStore } from '../lake/object-store.js'
import type { ApiMode } from '../spotify/api-mode.js'
import type { SpotifyResponse } from '../spotify/spotify-client.js'
import { RAW_ENVELOPE_FORMAT, type RawEnvelope, type RawSource } from './raw-envelope.js'

/** Lands one raw envelope per Spotify response in the raw zone; never overwrites. */
export class RawWriter {
  readonly keys: string[] = []
  synthetic = false

  constructor(
    private readonly store: ObjectStore,
    private readonly run: { runId: string; snapshotDate: string; now: () => Date },
  ) {}

  async write(
    source: RawSource,
    sourceId: string,
    page: number,
    mode: ApiMode,
    response: SpotifyResponse,
  ): Promise<string> {
    const { runId, snapshotDate, now } = this.run
    const envelope: RawEnvelope = {
      format: RAW_ENVELOPE_FORMAT,
      source,
      source_id: sourceId,
      run_id: runId,
      page,
      request: { method: 'GET', url: response.url },
      api_mode: mode,
      extracted_at: now().toISOString(),
      snapshot_date: snapshotDate,
      synthetic: response.synthetic,
      response: { status: response.status, body: response.body },
    }
    const key = rawKey({ source, snapshotDate, sourceId, runId, page })
    await this.store.put(key, JSON.stringify(envelope))
    this.synthetic ||= response.synthetic
    this.keys.push(key)
    return key
  }
}
