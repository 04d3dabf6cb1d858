import type { ImportReport } from '../import/import-export.js'
import type { FoundFile } from '../import/read-export.js'
import type { ExportStream } from '../spotify-export/export-files.js'

const STREAM_NAMES: Record<ExportStream, string> = {
  'extended-audio': 'Extended streaming history, audio',
  'extended-video': 'Extended streaming history, video',
  'account-music': 'Account data, music',
  'account-podcast': 'Account data, podcasts',
  'account-audiobook': 'Account data, audiobooks',
}

/** What the import found and skipped, before it reads the files. */
export function foundLine(file: FoundFile): string {
  const span = file.from && file.to ? `, ${file.from.slice(0, 10)} .. ${file.to.slice(0, 10)}` : ''
  const invalid =
    file.invalid > 0
      ? `; ${file.invalid} entries that are not streams skipped (first: ${file.invalidReason})`
      : ''
  return `  ${file.path}: ${STREAM_NAMES[file.stream]}, ${count(file.streams, 'stream')}${span}${invalid}`
}

/** `tunelake import spotify-export`'s report, after the files were read (and the new streams landed). */
export function printImport(report: ImportReport, options: { keepPersonalData: boolean }): void {
  const out = process.stdout
  out.write(`found ${count(report.found.length, 'listening file')} in ${report.label}:\n`)
  for (const file of report.found) out.write(`${foundLine(file)}\n`)
  if (report.skipped.length > 0) {
    out.write(`skipped ${count(report.skipped.length, 'file')}:\n`)
    for (const s of report.skipped) out.write(`  ${s.path}: ${s.reason}\n`)
  }
  if (report.synthetic)
    out.write("synthetic: this export was invented by tunelake's emulator; its plays say so\n")
  const c = report.comparison
  out.write(
    `read ${count(report.streams, 'stream')}: ${c.fresh} new, ${c.inLake} already in the lake, ${c.duplicates} repeated within the export\n`,
  )
  out.write(
    options.keepPersonalData
      ? 'personal fields (user name, IP address, user agent): kept in the raw zone, as asked\n'
      : 'personal fields (user name, IP address, user agent): dropped\n',
  )
  out.write(`account: ${accountLine(report)}\n`)
  if (report.rawKeys.length === 0) {
    out.write('nothing new: the lake holds every stream of this export already\n')
    return
  }
  const months = report.months
  out.write(
    `landed ${c.fresh} new streams in ${count(report.rawKeys.length, 'raw object')} (${count(months.length, 'month')}, ${months[0]!.slice(0, 7)} .. ${months.at(-1)!.slice(0, 7)}), import ${report.runId}\n`,
  )
}

function accountLine(report: ImportReport): string {
  const { account } = report
  if (account.other !== undefined) return `imported as asked, although ${account.other}`
  if (account.by === 'username') return "the lake's account (same user name)"
  if (account.by === 'streams')
    return "the lake's account (it holds the streams the lake has for the same time)"
  return 'not compared: the lake holds no streams of the same time, and the export names no user'
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
