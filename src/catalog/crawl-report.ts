import type { CrawlReport } from './crawl-options.js'

/** The crawl's report as the CLI prints it: one summary line, then one line per change. */
export function printCrawlReport(report: CrawlReport, location: string): string {
  const lines = [
    `crawled ${location}: ${report.tablesCreated.length} tables created, ${report.tablesUpdated.length} updated, ` +
      `${report.partitionsAdded} partitions added` +
      (report.partitionsUpdated ? `, ${report.partitionsUpdated} partitions updated` : '') +
      (report.partitionsDeleted ? `, ${report.partitionsDeleted} partitions deleted` : ''),
    ...report.tablesCreated.map((t) => `  table created: ${t}`),
    ...report.tablesDeprecated.map((t) => `  table deprecated (its data is gone): ${t}`),
    ...report.tablesDeleted.map((t) => `  table deleted (its data is gone): ${t}`),
    ...report.columnsAdded.map((c) => `  column added: ${c}`),
    ...report.columnsWidened.map((c) => `  column widened: ${c}`),
    ...report.columnsChanged.map((c) => `  column changed: ${c}`),
    ...report.columnsRemoved.map((c) => `  column removed: ${c}`),
    ...report.logged.map((l) => `  not applied: ${l}`),
    ...report.skipped.map((s) => `  skipped ${s.key}: ${s.reason}`),
  ]
  return `${lines.join('\n')}\n`
}
