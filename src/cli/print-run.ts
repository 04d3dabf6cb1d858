import type { RunReport } from '../pipeline/run-pipeline.js'

export function printRun(report: RunReport, lake: string): void {
  const { extract, transform, crawl } = report
  const out = process.stdout
  out.write(`run ${report.run_id} (${report.snapshot_date}): ${report.outcome}\n`)
  out.write(
    `  extract: ${extract.requests} requests, ${extract.raw_objects} raw objects, ${extract.entries} playlist entries, API mode ${report.api_mode ?? 'unknown'}${report.synthetic ? ' (synthetic data from the built-in emulator)' : ''}\n`,
  )
  if (transform) {
    const rows = Object.entries(transform.rows)
      .map(([table, n]) => `${table} ${n}`)
      .join(', ')
    out.write(
      `  transform: ${transform.transformed} raw objects transformed, ${transform.quarantined.length} quarantined${rows ? `; rows: ${rows}` : ''}\n`,
    )
    for (const q of transform.quarantined) out.write(`    quarantined ${q.key}: ${q.reason}\n`)
  }
  if (crawl) {
    out.write(
      `  crawl: ${crawl.tablesCreated.length} tables created, ${crawl.tablesUpdated.length} updated, ${crawl.partitionsAdded} partitions added\n`,
    )
  }
  for (const error of report.errors) out.write(`  error: ${error}\n`)
  out.write(`  lake: ${lake}\n`)
}
