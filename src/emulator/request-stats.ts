/** Requests counted by route label (`GET /v1/playlists/{id}`) and answer status (`200`, `429`, `reset`). */
export interface RequestCounts {
  total: number
  byStatus: Record<string, number>
  byRoute: Record<string, Record<string, number>>
}

/**
 * Counts every request the emulator answers, by route and status, for `GET /admin/stats`, the
 * benchmarks and tests (`DELETE /admin/stats` resets them).
 *
 * @example
 * stats.record('GET /v1/me/playlists', 200)
 * stats.snapshot().byRoute['GET /v1/me/playlists'] // { '200': 1 }
 */
export class RequestStats {
  private counts: RequestCounts = { total: 0, byStatus: {}, byRoute: {} }

  record(route: string, status: number | 'reset'): void {
    const key = String(status)
    this.counts.total++
    this.counts.byStatus[key] = (this.counts.byStatus[key] ?? 0) + 1
    const counts = this.counts.byRoute[route] ?? {}
    counts[key] = (counts[key] ?? 0) + 1
    this.counts.byRoute[route] = counts
  }

  snapshot(): RequestCounts {
    return structuredClone(this.counts)
  }

  reset(): void {
    this.counts = { total: 0, byStatus: {}, byRoute: {} }
  }
}
