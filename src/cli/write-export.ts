import { daysEnding } from './dates.js'
import { ArgumentError } from './fail.js'

/** `tunelake emulator --write-export PATH`: the demo user's synthetic export of `days` days ending `last`. */
export async function writeExportCommand(target: string, last: string, days: number): Promise<void> {
  const { writeSyntheticExport, SyntheticExportWriteError } = await import('../emulator/index.js')
  const from = daysEnding(last, days)[0]!
  const summary = await writeSyntheticExport(target, { from, to: last }).catch((error: unknown) => {
    if (error instanceof SyntheticExportWriteError)
      throw new ArgumentError(`${error.message}; choose a path you can write to`)
    throw error
  })
  const files = summary.files.length
  process.stdout.write(
    `wrote a synthetic Spotify export (Extended streaming history) to ${target}: ${summary.streams.toLocaleString('en-US')} streams, ${from} .. ${last}, ${files} listening file${files === 1 ? '' : 's'}\n`,
  )
}
