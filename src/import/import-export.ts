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
  /** The emulator's invented export (the demo): its raw objects say so. */
  synthetic?: boolean
  runId?: string
  now?: () => Date
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
  comparison: LakeComparison
  account: Omit<AccountJudgement, 'state'>
  /** The raw objects landed (none when the lake held every stream already). */
  rawKeys: string[]
  /** The months (`YYYY-MM-01` snapshot dates) that got new streams. */
  months: string[]
}

/**
 * `tunelake import spotify-export`: lands the listening history of a Spotify data export (the
 * zip, its extracted folder, or loose files) in the raw zone. Everything is read and checked
 * before anything is written: the listening files are found and parsed as streams (personal
 * fields dropped), compared month by month with the streams the lake holds, and the account is
 * checked; only then are the new streams landed, as `streaming_history` raw objects, and the
 * lake's account record updated. An export whose streams the lake holds already writes nothing.
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
  const now = options.now ?? (() => new Date())
  const runId = options.runId ?? newRunId(now())
  const keepPersonal = options.keepPersonalData === true
  const archive = await openExportArchive(given)
  const spill = await MonthSpill.create('import')
  const fresh = await MonthSpill.create('import-new')
  try {
    const scan = await readExport(archive, spill, {
      keepPersonal,
      ...(options.onFile && { onFile: options.onFile }),
    })
    const comparison = await compareWithLake(store, spill, fresh)
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
      comparison,
      account,
      rawKeys: [],
      months: [...new Set(fresh.groups().map(([group]) => group.slice(0, group.indexOf('/'))))],
    }
    if (comparison.fresh === 0) return { ...report, months: [] }
    report.rawKeys = await landExport(store, fresh, {
      runId,
      importedAt: now().toISOString(),
      synthetic: options.synthetic === true,
      keepPersonal,
      found: scan.found,
      ...(options.onObject && { onObject: options.onObject }),
      ...(options.signal && { signal: options.signal }),
    })
    if (JSON.stringify(previous) !== JSON.stringify(state)) await writeAccountState(store, state)
    report.rawKeys.sort()
    return report
  } finally {
    await Promise.all([spill.close(), fresh.close(), archive.close()])
  }
}
