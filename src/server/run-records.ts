import { RUNS_PREFIX } from '../lake/layout.js'
import { getText, listAll, type ObjectStore } from '../lake/object-store.js'
import { redactSecrets } from '../observability/redact.js'
import type { RunSummary } from './api-types.js'

/**
 * The run records under `_runs/`, newest first, read leniently: a record missing a field shows it
 * as unknown, an unreadable record shows as outcome `unreadable`. Parsed records are cached by eTag.
 */
export class RunRecords {
  readonly #cache = new Map<string, { etag: string; summary: RunSummary }>()

  constructor(private readonly store: ObjectStore) {}

  async list(): Promise<RunSummary[]> {
    const objects = (await listAll(this.store, RUNS_PREFIX)).filter((o) => o.key.endsWith('.json'))
    const summaries = await Promise.all(
      objects.map(async (object) => {
        const cached = this.#cache.get(object.key)
        if (cached?.etag === object.etag) return cached.summary
        const summary = summarise(object.key, await getText(this.store, object.key).catch(() => ''))
        this.#cache.set(object.key, { etag: object.etag, summary })
        return summary
      }),
    )
    return summaries.sort((a, b) => (b.started_at ?? b.run_id).localeCompare(a.started_at ?? a.run_id))
  }
}

export function summarise(key: string, text: string): RunSummary {
  const fallbackId = key.slice(RUNS_PREFIX.length, -'.json'.length)
  let record: Record<string, unknown>
  try {
    const parsed: unknown = JSON.parse(text)
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object')
    record = parsed as Record<string, unknown>
  } catch {
    return {
      run_id: fallbackId,
      trigger: null,
      snapshot_date: null,
      started_at: null,
      ended_at: null,
      outcome: 'unreadable',
      synthetic: null,
      api_mode: null,
      raw_objects: null,
      quarantined: 0,
      errors: [`the run record ${key} is not readable JSON`],
    }
  }
  const extract = asObject(record.extract)
  const transform = asObject(record.transform)
  return {
    run_id: str(record.run_id) ?? fallbackId,
    trigger: str(record.trigger),
    snapshot_date: str(record.snapshot_date),
    started_at: str(record.started_at),
    ended_at: str(record.ended_at),
    outcome: str(record.outcome) ?? 'unknown',
    synthetic: typeof record.synthetic === 'boolean' ? record.synthetic : null,
    api_mode: str(record.api_mode),
    raw_objects: typeof extract.raw_objects === 'number' ? extract.raw_objects : null,
    quarantined: Array.isArray(transform.quarantined) ? transform.quarantined.length : 0,
    // Records written before run records were redacted may still quote a secret.
    errors: Array.isArray(record.errors) ? record.errors.map((e) => redactSecrets(String(e))) : [],
  }
}

function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}
