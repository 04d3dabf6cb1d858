/** What a run measured, kept in its ledger record and sent as CloudWatch metrics in Lambda. */
export interface RunMetrics {
  /** Wall time of the run and of each stage it ran. */
  duration_ms: { total: number; extract?: number; transform?: number; enrich?: number; crawl?: number }
  /** Spotify requests, their retries, and the 429 answers among them. */
  requests: number
  retries: number
  rate_limited: number
  raw_objects: number
  transformed_objects: number
  quarantined: number
  rows: number
  partitions_added: number
  errors: number
}

export function emptyMetrics(): RunMetrics {
  return {
    duration_ms: { total: 0 },
    requests: 0,
    retries: 0,
    rate_limited: 0,
    raw_objects: 0,
    transformed_objects: 0,
    quarantined: 0,
    rows: 0,
    partitions_added: 0,
    errors: 0,
  }
}
