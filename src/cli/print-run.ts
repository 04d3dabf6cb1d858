import { oneLine } from '../errors.js'
import { BACKFILL_KINDS } from '../extract/backfill-state.js'
import { redactSecrets } from '../observability/redact.js'
import type { LakeStatus } from '../pipeline/lake-status.js'
import type { RunRecord } from '../pipeline/run-ledger.js'
import type { RunReport } from '../pipeline/run-pipeline.js'
import type { TransformRun } from '../pipeline/run-transform.js'
import { enrichLines, standingLine } from './print-enrich.js'

export function printRun(report: RunReport, lake: string): void {
  const { extract } = report
  const out = process.stdout
  out.write(`run ${report.run_id} (${report.snapshot_date}): ${report.outcome}\n`)
  out.write(
    `  extract: ${extract.requests} requests, ${extract.raw_objects} raw objects, ${extract.entries} playlist entries, API mode ${report.api_mode ?? 'unknown'}${report.synthetic ? ' (synthetic data from the built-in emulator)' : ''}\n`,
  )
  const { backfill, budget } = extract
  if (backfill && (backfill.stopped || Object.values(backfill.fetched).some((n) => n > 0))) {
    const { tracks, albums, artists } = backfill.fetched
    const stopped = backfill.stopped ? `; stopped: ${backfill.stopped}` : ''
    out.write(
      `  back-fill: ${tracks} tracks, ${albums} albums, ${artists} artists filled in${backfill.missing > 0 ? ` (${backfill.missing} unknown to Spotify)` : ''}${stopped}\n`,
    )
  }
  if (budget)
    out.write(
      `  spotify requests today (${budget.day}, UTC): ${budget.used} of the daily budget of ${budget.limit}\n`,
    )
  if (report.enrich) out.write(enrichLines(report.enrich))
  printStages(report, lake)
}

/** A run's transform and crawl, how long it took, its errors and the lake, indented under its header. */
export function printStages(report: RunRecord, lake: string): void {
  const { transform, crawl, metrics } = report
  const out = process.stdout
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
  out.write(
    `  took: ${durations(report)}; ${metrics.retries} retries, ${metrics.rate_limited} rate-limited (429)\n`,
  )
  for (const error of report.errors) out.write(`  error: ${error}\n`)
  if (report.resume_at) out.write(`  resume after: ${report.resume_at}\n`)
  out.write(`  lake: ${lake}\n`)
}

/**
 * `tunelake transform`'s summary: the event file's records when it had one, then what was
 * transformed and quarantined, and each date that failed (on stderr). Returns the exit code: 1
 * when an object was quarantined or a date failed.
 */
export function printTransform(run: TransformRun, events?: { records: number; ignored: number }): number {
  const out = process.stdout
  const { report } = run
  if (events) {
    const upToDate = run.dates.filter((d) => d.status === 'up-to-date').length
    out.write(
      `${events.records - events.ignored} event record(s) for raw objects, ${events.ignored} ignored; ${upToDate} date(s) already up to date\n`,
    )
  }
  out.write(
    `transformed ${report.transformed} of ${report.objects} raw objects in ${report.dates.length} snapshot date(s), quarantined ${report.quarantined.length}` +
      (run.lacking === undefined ? '' : ` (${run.lacking} not yet in the ledger)`) +
      '\n',
  )
  for (const q of report.quarantined) out.write(`  quarantined ${q.key}: ${q.reason}\n`)
  const failed = run.dates.flatMap((d) => (d.status === 'failed' ? [d] : []))
  for (const f of failed)
    process.stderr.write(`tunelake: snapshot ${f.date}: ${redactSecrets(oneLine(f.error))}\n`)
  return report.quarantined.length > 0 || failed.length > 0 ? 1 : 0
}

/** `tunelake status` as text. */
export function printStatus(status: LakeStatus): void {
  const out = process.stdout
  out.write(`lake: ${status.lake}\n`)
  out.write(
    status.busy
      ? `now: busy, ${status.busy.purpose} (pid ${status.busy.pid} on ${status.busy.host}) holds the lake until ${status.busy.expires_at}\n`
      : 'now: idle\n',
  )
  const schedule = status.schedule
  if (schedule) {
    out.write(
      `schedule: ${schedule.cron} (${schedule.timezone}); next run ${schedule.next_run ?? 'never'}${schedule.retry ? `; retry of ${schedule.retry.snapshot_date} due ${schedule.retry.at} (${schedule.retry.reason})` : ''}\n`,
    )
  } else {
    out.write('schedule: none (no daemon has run on this lake; pass --config to see its schedule)\n')
  }
  out.write(`${spotifyLines(status.spotify)}\n`)
  out.write(`${standingLine(status.enrichment.summary)}\n`)
  const stop = status.enrichment.stop
  if (stop)
    out.write(
      `  stopped ${stop.at}: ${stop.reason}${stop.resume_at ? ` (resume after ${stop.resume_at})` : ''}\n`,
    )
  out.write(`\nlast runs (${status.runs.length}, newest first):\n`)
  if (status.runs.length === 0) out.write('  none yet\n')
  for (const run of status.runs) out.write(`  ${runLine(run)}\n`)
  out.write(`\nfailures (${status.failures.length}):\n`)
  if (status.failures.length === 0) out.write('  none\n')
  for (const run of status.failures) {
    out.write(`  ${run.run_id} ${run.trigger} ${run.outcome}\n`)
    for (const error of run.errors) out.write(`    ${error}\n`)
  }
  out.write(`\nquarantined objects (${status.quarantined.total}):\n`)
  if (status.quarantined.total === 0) out.write('  none\n')
  for (const q of status.quarantined.objects) out.write(`  ${q.key}: ${q.reason}\n`)
  if (status.quarantined.total > status.quarantined.objects.length) {
    out.write(`  ... and ${status.quarantined.total - status.quarantined.objects.length} more\n`)
  }
  out.write(`\ngaps (${status.gaps.length}):\n`)
  if (status.gaps.length === 0) out.write('  none\n')
  for (const gap of status.gaps) out.write(`  ${gap.snapshot_date}: ${gap.reason}\n`)
}

function spotifyLines({ budget, paused, backfill }: LakeStatus['spotify']): string {
  const requests = budget
    ? `spotify requests today (${budget.day}, UTC): ${budget.used} of the daily budget of ${budget.limit} (${budget.left} left)`
    : 'spotify requests today: none counted yet'
  const pause = paused ? `; paused until ${paused.until} (${paused.reason})` : ''
  const started = BACKFILL_KINDS.some((kind) => backfill[kind].done + backfill[kind].left > 0)
  const kinds = BACKFILL_KINDS.map(
    (kind) => `${kind} ${backfill[kind].done} filled in, ${backfill[kind].left} to go`,
  )
  const unknown = backfill.missing > 0 ? `; ${backfill.missing} unknown to Spotify` : ''
  const fill = started
    ? `back-fill of tracks only exports name (most played first): ${kinds.join('; ')}${unknown}`
    : 'back-fill of tracks only exports name: nothing to fill in'
  return `${requests}${pause}\n${fill}`
}

function runLine(run: RunRecord): string {
  const what = [
    run.snapshot_date ?? (run.transform ? `dates ${run.transform.dates.join(',')}` : 'catalog'),
    run.outcome,
    run.ended_at ? durations(run) : `started ${run.started_at}`,
  ]
  const m = run.metrics
  const counts = [
    m.requests > 0 ? `${m.requests} requests` : '',
    m.rate_limited > 0 ? `${m.rate_limited} rate-limited` : '',
    m.raw_objects > 0 ? `${m.raw_objects} raw objects` : '',
    m.transformed_objects > 0 ? `${m.transformed_objects} transformed` : '',
    m.quarantined > 0 ? `${m.quarantined} quarantined` : '',
    m.rows > 0 ? `${m.rows} rows` : '',
  ].filter(Boolean)
  return `${run.run_id}  ${run.trigger.padEnd(9)} ${what.join('  ')}${counts.length ? `  (${counts.join(', ')})` : ''}`
}

function durations(run: RunRecord): string {
  const d = run.metrics.duration_ms
  const stages = (['extract', 'transform', 'enrich', 'crawl'] as const)
    .filter((stage) => d[stage] !== undefined)
    .map((stage) => `${stage} ${seconds(d[stage]!)}`)
  return `${seconds(d.total)}${stages.length ? ` (${stages.join(', ')})` : ''}`
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}
