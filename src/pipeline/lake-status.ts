import { type EnrichState, readEnrichState } from '../enrich/enrich-state.js'
import { type SpotifyUsage, spotifyUsage } from '../extract/spotify-usage.js'
import { QUARANTINE_PREFIX } from '../lake/layout.js'
import { getText, listAll, type ObjectStore } from '../lake/object-store.js'
import type { Lease, LeaseRecord } from '../lease/lease.js'
import { type Gap, type PendingRetry, readScheduleState } from './daemon/schedule-state.js'
import { type RunRecord, readRunRecords } from './run-ledger.js'
import { nextSlot, type Schedule } from './schedule.js'

export interface QuarantinedObject {
  key: string
  reason: string
  quarantined_at?: string
}

/** What `tunelake status` shows: a lake's recent runs, failures, quarantine, gaps and schedule. */
export interface LakeStatus {
  lake: string
  /** Who acts on the lake right now, if anyone. */
  busy: LeaseRecord | null
  /** Newest first. A `running` run whose process is gone shows as `interrupted`. */
  runs: RunRecord[]
  /** The recent runs that failed, stopped, or finished with errors. */
  failures: RunRecord[]
  quarantined: { total: number; objects: QuarantinedObject[] }
  gaps: Gap[]
  /** Spotify requests today against the daily budget, and the back-fill of imported tracks. */
  spotify: SpotifyUsage
  /** Where the enrichment from MusicBrainz and ListenBrainz stands, as its last run left it. */
  enrichment: EnrichStanding
  schedule: {
    cron: string
    timezone: string
    next_run: string | null
    last_slot: string | null
    retry: PendingRetry | null
  } | null
}

/** The enrichment's summary and why its last run stopped early, if it did. */
export interface EnrichStanding {
  summary: EnrichState['summary']
  stop: EnrichState['stop']
}

async function enrichStanding(store: ObjectStore): Promise<EnrichStanding> {
  const { summary, stop } = await readEnrichState(store)
  return { summary, stop }
}

/**
 * Reads the ledger, the quarantine, the daemon's schedule state and the Spotify request budget.
 * The schedule and budget shown are the config's when given, else the ones last run with.
 */
export async function lakeStatus(
  store: ObjectStore,
  options: { lease?: Lease; schedule?: Schedule; limit?: number; now?: number; requestBudget?: number },
): Promise<LakeStatus> {
  const now = options.now ?? Date.now()
  const busy = (await options.lease?.holder()) ?? null
  const runs = (await readRunRecords(store, options.limit ?? 10)).map((run) =>
    run.outcome === 'running' && run.owner !== undefined && run.owner !== busy?.owner
      ? { ...run, outcome: 'interrupted' as const, errors: [...run.errors, 'its process is gone'] }
      : run,
  )
  const state = await readScheduleState(store)
  const schedule = options.schedule ?? (state ? { cron: state.cron, timezone: state.timezone } : undefined)
  const next = schedule ? nextSlot(schedule, new Date(now)) : undefined
  return {
    lake: store.location,
    busy,
    runs,
    failures: runs.filter(
      (r) => r.outcome === 'failed' || r.outcome === 'interrupted' || r.errors.length > 0,
    ),
    quarantined: await quarantined(store, 20),
    gaps: [...(state?.gaps ?? [])].sort((a, b) => (a.snapshot_date < b.snapshot_date ? 1 : -1)),
    spotify: await spotifyUsage(store, new Date(now), options.requestBudget),
    enrichment: await enrichStanding(store),
    schedule: schedule
      ? {
          ...schedule,
          next_run: next?.toISOString() ?? null,
          last_slot: state?.last_slot ?? null,
          retry: state?.retry ?? null,
        }
      : null,
  }
}

async function quarantined(store: ObjectStore, limit: number): Promise<LakeStatus['quarantined']> {
  const reasons = (await listAll(store, QUARANTINE_PREFIX)).filter((o) => o.key.endsWith('.reason.json'))
  const newest = reasons.sort((a, b) => b.lastModified.getTime() - a.lastModified.getTime()).slice(0, limit)
  const objects: QuarantinedObject[] = []
  for (const info of newest) {
    try {
      const doc = JSON.parse(await getText(store, info.key)) as Partial<QuarantinedObject>
      objects.push({
        key: doc.key ?? info.key.slice(QUARANTINE_PREFIX.length, -'.reason.json'.length),
        reason: doc.reason ?? 'no reason recorded',
        ...(doc.quarantined_at ? { quarantined_at: doc.quarantined_at } : {}),
      })
    } catch {
      objects.push({ key: info.key, reason: 'its reason file is unreadable' })
    }
  }
  return { total: reasons.length, objects }
}
