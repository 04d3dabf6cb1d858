import type { EnrichReport } from '../enrich/enrich-stage.js'
import type { EnrichStanding } from '../pipeline/lake-status.js'
import type { RunRecord } from '../pipeline/run-ledger.js'

/** `tunelake enrich`'s summary; returns the exit code (1 when the run failed or had errors). */
export function printEnrichRun(record: RunRecord, report: EnrichReport | undefined, lake: string): number {
  const out = process.stdout
  out.write(`enrich ${record.run_id}: ${record.outcome}\n`)
  if (report) out.write(enrichLines(report))
  for (const error of record.errors) out.write(`  error: ${error}\n`)
  out.write(`  lake: ${lake}\n`)
  return record.outcome === 'succeeded' && record.errors.length === 0 ? 0 : 1
}

/** A run's enrichment, two or three indented lines (also under a full run's summary). */
export function enrichLines(enrich: EnrichReport | { skipped: string }): string {
  if ('skipped' in enrich) return `  enrich: skipped (${enrich.skipped})\n`
  const { requests } = enrich
  const stopped = enrich.stopped
    ? `  enrich stopped: ${enrich.stopped.reason}${enrich.stopped.resume_at ? ` (resume after ${enrich.stopped.resume_at})` : ''}\n`
    : ''
  return `  enrich: ${enrich.asked_tracks} tracks asked, ${enrich.answers} answers landed (${requests.musicbrainz} MusicBrainz and ${requests.listenbrainz} ListenBrainz requests)\n  ${standingLine(enrich.summary)}\n${stopped}`
}

/** Where the lake's tracks stand: `tunelake status` and the runs' summaries. */
export function standingLine(summary: EnrichStanding['summary']): string {
  if (!summary) return 'enrichment: no run yet (tunelake enrich, or enrich.enabled in the config)'
  const held =
    summary.held > 0 ? ` (${summary.held} without a ListenBrainz token to look them up by names)` : ''
  return `enrichment of ${summary.tracks} tracks: ${summary.enriched} enriched, ${summary.pending} pending, ${summary.unmatched} unmatched${held}; next due ${summary.next_due ?? 'never'}`
}
