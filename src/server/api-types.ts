/** The dashboard's JSON API, shared by the server and the page (type-only on the page). */
import type { QueryColumn, QueryValue } from '../query/query-engine.js'

export type { QueryColumn, QueryValue }

/** Fields some Spotify API modes do not return (development mode lacks all three). */
export type Capability = 'genres' | 'popularity' | 'followers'

export interface RunSummary {
  run_id: string
  trigger: string | null
  snapshot_date: string | null
  started_at: string | null
  ended_at: string | null
  outcome: string
  synthetic: boolean | null
  api_mode: string | null
  raw_objects: number | null
  quarantined: number
  errors: string[]
}

export interface TableCount {
  name: string
  rows: number | null
  partitions: number
}

export interface Overview {
  lake: string
  database: string
  generated_at: string
  latest_snapshot: string | null
  last_run: RunSummary | null
  last_success_at: string | null
  /** From the run records: every run synthetic, none, both, or no records. */
  data_source: 'synthetic' | 'spotify' | 'mixed' | 'unknown'
  api_modes: string[]
  capabilities: Record<Capability, boolean>
  run_count: number
  runs: RunSummary[]
  tables: TableCount[]
  quarantine: { count: number; items: { key: string; reason: string }[] }
  /** What could not be read, one line each (e.g. a table the engine cannot open). */
  problems: string[]
}

export interface TableColumn {
  name: string
  type: string
  comment?: string
}

export interface TableInfo {
  name: string
  location: string
  version: number
  columns: TableColumn[]
  partition_keys: TableColumn[]
  partition_count: number
  /** The newest partitions first, at most 50. */
  partitions: { values: string[]; location: string }[]
  rows: number | null
  updated_at: string | null
}

export interface FilterOptions {
  playlists: { id: string; name: string; owner_id: string | null; snapshots: number }[]
  snapshot_dates: string[]
  default_playlist: string | null
}

export interface InsightInfo {
  name: string
  description: string
  params: string[]
  /** True when it takes a date range (from and to), false when one snapshot day. */
  range: boolean
  /** Fields it needs (`artists.genres`); a lake without them gets a plain refusal. */
  requires: string[]
}

export interface InsightResult {
  name: string
  description: string
  columns: QueryColumn[]
  rows: Record<string, QueryValue>[]
  truncated: boolean
  /** The parameter values of each run: one run, or one per snapshot date for a per-day series. */
  runs: Record<string, string>[]
  /** The filters the parameters were taken from (with `defaults=1`: those the charts open on). */
  filters: { playlist?: string; from?: string; to?: string; other?: string }
  /** True when the rows are the insight run once per snapshot date, with that date in a `day` column first. */
  per_day: boolean
  elapsed_ms: number
}

export interface SqlResult {
  columns: QueryColumn[]
  rows: Record<string, QueryValue>[]
  truncated: boolean
  elapsed_ms: number
}

export interface ApiError {
  error: string
  /** `refused` (not allowed on the read-only engine), `sql` (the SQL is wrong), or another kind. */
  kind: string
}
