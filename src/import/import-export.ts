import { type Clock, systemClock } from '../clock.js'
import { queueTrackPlays } from '../extract/backfill-state.js'
import { newRunId } from '../extract/run-id.js'
import type { ObjectStore } from '../lake/object-store.js'
import { compareWithLake, type LakeComparison } from './compare-with-lake.js'
import { ExportInputError } from './errors.js'
import { type AccountJudgement, judgeAccount, readAccountState, writeAccountState } from './export-account.js'
import { openExportArchive } from './export-archive.js'
import { landExport } from './land-export.js'
import { MonthSpill } from './month-spill.js'
import { type ExportScan, type FoundFile, type OnFileProgress, readExport } from './read-export.js'

export interface ImportOptions {
  /** Keep the user name, IP address and user agent of each stream in the raw zone (default: dropped). */
  keepPersonalData?: boolean
  /** Import even when the export looks like another Spotify account's than the lake's. */
  allowOtherAccount?: boolean
  runId?: string
  clock?: Clock
  /** Progress of each listening file as it is read. */
  onFile?: OnFileProgress
  /** Stops the landing between two raw objects. */
  signal?: AbortSignal
  /** After each raw object is written: how many of how many. */
  onObject?: (done: number, of: number) => void
}

export interface ImportReport {
  runId: string
  /** What was given, for messages. */
  label: string
  found: FoundFile[]
  skipped: ExportScan['skipped']
  /** Streams read from the listening files. */
  streams: number
  /** True for an export tunelake's emulator invented (it holds `tunelake-synthetic.json`). */
  synthetic: boolean
  comparison: LakeComparison
  account: Omit<AccountJudgement, 'state'>
  /** The raw objects landed (none when the lake held every stream already). */
  rawKeys: string[]
  /** The months (`YYYY-MM-01` snapshot dates) that got new streams. */
  months: string[]
}

/** An export read and compared with the lake, its new streams waiting in temporary files. */
export interface PreparedImport {
  /** What was found, read and compared; `rawKeys` empty until `land`. */
  readonly report: ImportReport
  /** Lands the new streams (take the lake's lease first) and updates the lake's account record. */
  land(options?: Pick<ImportOptions, 'signal' | 'onObject'>): Promise<ImportReport>
  /** Removes the temporary files. */
  close(): Promise<void>
}

/**
 * The reading half of `tunelake import spotify-export`, which writes nothing to the lake: finds
 * the listening files of the export (the zip, its extracted folder, or loose files) and reads
 * them as streams, personal fields dropped, into temporary files; compares them month by month
 * with the streams the lake holds; checks the account. Throws `ExportInputError` for bad input.
 *
 * @example
 * const prepared = await prepareImport(store, 'my_spotify_data.zip')
 * try { if (prepared.report.comparison.fresh > 0) await prepared.land() } finally { await prepared.close() }
 */
export async function prepareImport(
  store: ObjectStore,
  given: string,
  options: ImportOptions = {},
): Promise<PreparedImport> {
  const clock = options.clock ?? systemClock
  const now = () => new Date(clock.now())
  const runId = options.runId ?? newRunId(now())
  const keepPersonal = options.keepPersonalData === true
  const archive = await openExportArchive(given)
  const spill = await MonthSpill.create('import')
  const fresh = await MonthSpill.create('import-new')
  const close = async () => {
    await Promise.all([spill.close(), fresh.close(), archive.close()])
  }
  try {
    const scan = await readExport(archive, spill, {
      keepPersonal,
      ...(options.onFile && { onFile: options.onFile }),
    })
    await archive.close()
    const comparison = await compareWithLake(store, spill, fresh)
    await spill.close()
    const previous = await readAccountState(store)
    const { state, ...account } = judgeAccount(previous, scan.usernames, comparison)
    if (account.other !== undefined && options.allowOtherAccount !== true) {
      throw new ExportInputError(
        `${archive.label} looks like another Spotify account's listening than this lake holds: ${account.other}; import it into another lake (--lake), or add --allow-other-account to mix both`,
      )
    }
    const report: ImportReport = {
      runId,
      label: archive.label,
      found: scan.found,
      skipped: scan.skipped,
      streams: scan.streams,
      synthetic: scan.synthetic,
      comparison,
      account,
      rawKeys: [],
      months: [...new Set(fresh.groups().map(([group]) => group.slice(0, group.indexOf('/'))))],
    }
    const land = async (landing: Pick<ImportOptions, 'signal' | 'onObject'> = {}) => {
      if (comparison.fresh === 0) return report
      report.rawKeys = await landExport(store, fresh, {
        runId,
        importedAt: now().toISOString(),
        synthetic: scan.synthetic,
        keepPersonal,
        found: scan.found,
        ...landing,
      })
      await queueTrackPlays(store, comparison.trackPlays)
      if (JSON.stringify(previous) !== JSON.stringify(state)) await writeAccountState(store, state)
      report.rawKeys.sort()
      return report
    }
    return { report, land, close }
  } catch (error) {
    await close()
    throw error
  }
}

/**
 * `tunelake import spotify-export` as one call (the demo, tests): `prepareImport`, then land the
 * new streams, as `streaming_history` raw objects. Everything is read and checked before anything
 * is written; an export whose streams the lake holds already writes nothing.
 *
 * @example
 * const report = await importSpotifyExport(store, 'my_spotify_data.zip')
 * console.log(report.comparison.fresh, 'new streams in', report.rawKeys.length, 'raw objects')
 */
export async function importSpotifyExport(
  store: ObjectStore,
  given: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const prepared = await prepareImport(store, given, options)
  try {
    return await prepared.land(options)
  } finally {
    await prepared.close()
  }
}
