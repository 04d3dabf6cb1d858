import { oneLine } from '../errors.js'
import { OPEN_MUSIC_RAW_PREFIX } from '../lake/layout.js'
import type { ObjectInfo, ObjectStore } from '../lake/object-store.js'
import { type OpenMusicPlan, planOpenMusic, transformOpenMusic } from '../transform-stage/open-music-stage.js'
import {
  ledgerCovers,
  pendingObjects,
  rawKeyDate,
  rawObjectsByDate,
  rawObjectsOfDate,
  readLedger,
} from '../transform-stage/transform-ledger.js'
import type { TransformReport } from '../transform-stage/transform-partitions.js'
import { emptyTransformReport, sumReports, transformStage } from '../transform-stage/transform-stage.js'
import { RunInterruptedError, type RunRecord } from './run-ledger.js'
import { type RunContext, type RunScope, recordRun, timed } from './run-record.js'

/** Which snapshot dates a transform brings up to date. */
export type DateSelection =
  /** Every date whose ledger lacks a raw object (or has one that changed, or one that is gone). */
  | 'pending'
  /** Every date, rebuilt whatever its ledger says. */
  | 'all'
  /** The dates of these raw objects (object-created events), each unless its ledger covers it. */
  | { rawKeys: readonly string[] }

/** What became of one selected date. */
export type DateOutcome =
  | { date: string; status: 'transformed' | 'up-to-date' }
  | { date: string; status: 'failed'; error: unknown }

export interface TransformRequest extends RunContext {
  select: DateSelection
  /**
   * Rebuilds of a date while raw objects of it keep arriving (default 1). A home with no sweep
   * after it (the transform function) takes more, so a date is not left behind its last object.
   */
  rounds?: number
  /** Worker threads for parsing (default: the transform's own choice). */
  workers?: number
}

export interface TransformRun {
  /** Every selected date, oldest first, with what became of it. */
  dates: DateOutcome[]
  /** What the rebuilt dates hold, every round added up. */
  report: TransformReport
  /** For `pending`: the raw objects the ledger lacked when the run began. */
  lacking?: number
  /** The run's record; none when every date was up to date (no run took place). */
  record?: RunRecord
}

/** What a transform step did, filled in as it goes (so a stopped step still tells). */
export interface TransformDone {
  outcomes: DateOutcome[]
  report: TransformReport
  record?: RunRecord
}

interface Plan {
  rebuild: string[]
  upToDate: string[]
  byDate: Map<string, ObjectInfo[]>
  lacking?: number
  /** Whether the open-data tables (raw/open-music/) need a rebuild. */
  openMusic: boolean
}

/**
 * The transform, for every home and trigger: `tunelake transform`, the daemon's events and
 * sweeps, the transform function's SQS batches. Under the lake's lease it works out which
 * selected dates need a rebuild, rebuilds them (each date failing alone), records the run in
 * the ledger, and returns what became of each date; the entry points only translate that (exit
 * code, log lines, SQS `batchItemFailures`). A date whose ledger already covers every raw object
 * is left alone, so duplicate and late events change nothing. Stopped (the caller's signal, or
 * the lease taken over), it ends after the date in hand and the dates not done fail with why.
 *
 * @example
 * const run = await runTransform({ store, trigger: 'event', lease, select: { rawKeys } })
 * const retry = run.dates.filter((d) => d.status === 'failed')
 */
export async function runTransform(request: TransformRequest): Promise<TransformRun> {
  await request.lease?.take()
  try {
    const plan = await planDates(request.store, request.select)
    const upToDate: DateOutcome[] = plan.upToDate.map((date) => ({ date, status: 'up-to-date' }))
    const lacking = plan.lacking === undefined ? {} : { lacking: plan.lacking }
    if (plan.rebuild.length === 0 && !plan.openMusic) {
      request.logger?.debug('nothing to transform: the ledger covers these dates', { dates: plan.upToDate })
      return { dates: upToDate, report: emptyTransformReport(), ...lacking }
    }
    const done: TransformDone = { outcomes: [], report: emptyTransformReport() }
    try {
      await recordRun(request, (run) => transformStep(run, request, plan, done))
    } catch (error) {
      if (!(error instanceof RunInterruptedError) || !done.record) throw error
    }
    const dates = [...upToDate, ...done.outcomes].sort((a, b) => (a.date < b.date ? -1 : 1))
    const record = request.record !== false && done.record ? { record: done.record } : {}
    return { dates, report: done.report, ...lacking, ...record }
  } finally {
    await request.lease?.release()
  }
}

/**
 * The transform step of a run (a transform's own, or a full run's after its extraction): rebuilds
 * the planned dates, then, for `rounds` more than 1, the dates whose raw objects changed meanwhile.
 * The dates' outcomes and the report go on the record; a stop throws RunInterruptedError.
 */
export async function transformStep(
  run: RunScope,
  request: Pick<TransformRequest, 'clock' | 'onProgress' | 'rounds' | 'workers' | 'select'>,
  plan: Plan,
  done: TransformDone = { outcomes: [], report: emptyTransformReport() },
): Promise<TransformDone> {
  done.record = run.record
  const outcomes = new Map<string, DateOutcome>()
  let stopped: unknown
  await timed(run.record, 'transform', request.clock, async () => {
    let dates = plan.rebuild
    let byDate = plan.byDate
    for (let round = 1; dates.length > 0 && stopped === undefined; round++) {
      const result = await transformStage(run.store, dates, {
        byDate,
        signal: run.signal,
        logger: round === 1 ? run.log : run.log.child({ round }),
        ...(round === 1 && request.onProgress ? { onProgress: request.onProgress } : {}),
        ...(request.workers ? { workers: request.workers } : {}),
      })
      done.report = sumReports(done.report, result.report)
      for (const date of result.report.dates) outcomes.set(date, { date, status: 'transformed' })
      for (const { date, error } of result.failed) outcomes.set(date, { date, status: 'failed', error })
      stopped = result.stopped
      if (round >= (request.rounds ?? 1)) break
      // Raw objects kept arriving while the dates were rebuilt: rebuild those dates again.
      byDate = await changedSince(run.store, result.report.dates, request.select)
      dates = [...byDate.keys()]
    }
    if (stopped !== undefined) return
    // The open-data tables read every raw answer and the Spotify tables just written: built last.
    const openMusic = await planOpenMusic(run.store)
    if (openMusic.pending || (request.select === 'all' && openMusic.answers.length > 0)) {
      done.report = sumReports(done.report, await rebuildOpenMusic(run, openMusic))
    }
  })
  for (const date of stopped === undefined ? [] : plan.rebuild) {
    if (!outcomes.has(date)) outcomes.set(date, { date, status: 'failed', error: stopped })
  }
  done.outcomes = [...outcomes.values()]
  const { report } = done
  for (const o of done.outcomes)
    if (o.status === 'failed') run.record.errors.push(`snapshot ${o.date}: ${oneLine(o.error)}`)
  run.record.transform = report
  run.record.metrics.transformed_objects = report.transformed
  run.record.metrics.quarantined = report.quarantined.length
  run.record.metrics.rows = Object.values(report.rows).reduce((sum, n) => sum + (n ?? 0), 0)
  if (stopped !== undefined) {
    throw new RunInterruptedError(`the run was stopped between two snapshot dates: ${oneLine(stopped)}`)
  }
  return done
}

/** Which selected dates need a rebuild, and their raw objects. */
export async function planDates(store: ObjectStore, select: DateSelection): Promise<Plan> {
  if (typeof select === 'object') {
    const byDate = new Map<string, ObjectInfo[]>()
    const rebuild: string[] = []
    const upToDate: string[] = []
    const spotifyKeys = select.rawKeys.filter((key) => !key.startsWith(OPEN_MUSIC_RAW_PREFIX))
    for (const date of [...new Set(spotifyKeys.map(rawKeyDate))].sort()) {
      const objects = await rawObjectsOfDate(store, date, select.rawKeys)
      if (ledgerCovers(await readLedger(store, date), objects)) upToDate.push(date)
      else {
        rebuild.push(date)
        byDate.set(date, objects)
      }
    }
    return { rebuild, upToDate, byDate, openMusic: (await planOpenMusic(store)).pending }
  }
  const byDate = await rawObjectsByDate(store)
  if (select === 'all') {
    const openMusic = (await planOpenMusic(store)).answers.length > 0
    return { rebuild: [...byDate.keys()].sort(), upToDate: [], byDate, openMusic }
  }
  const lacking = await pendingObjects(store, byDate)
  return {
    rebuild: [...lacking.keys()].sort(),
    upToDate: [],
    byDate,
    lacking: [...lacking.values()].reduce((n, objects) => n + objects.length, 0),
    openMusic: (await planOpenMusic(store)).pending,
  }
}

/** The open-data tables rebuilt, their quarantined answers logged. */
async function rebuildOpenMusic(run: RunScope, plan: OpenMusicPlan): Promise<TransformReport> {
  const report = await transformOpenMusic(run.store, plan)
  run.log.info('open-data tables transformed', { raw_answers: report.objects, rows: report.rows })
  for (const q of report.quarantined) run.log.warn('raw object quarantined', { key: q.key, reason: q.reason })
  return report
}

/** Of dates just rebuilt, those whose raw objects the ledger written no longer covers, listed afresh. */
async function changedSince(
  store: ObjectStore,
  dates: readonly string[],
  select: DateSelection,
): Promise<Map<string, ObjectInfo[]>> {
  const named = typeof select === 'object' ? select.rawKeys : []
  const changed = new Map<string, ObjectInfo[]>()
  for (const date of dates) {
    const objects = await rawObjectsOfDate(store, date, named)
    if (!ledgerCovers(await readLedger(store, date), objects)) changed.set(date, objects)
  }
  return changed
}
