import type { ObjectStore } from '../lake/object-store.js'
import { describeHolder } from '../lease/lease.js'
import { type LakeHold, lakeHold } from '../lease/lease-keeper.js'
import { ArgumentError } from './fail.js'

export const WAIT_OPTION_HELP = 'if another run (the daemon) is acting on the lake, wait up to this long'

/**
 * The lake's lease for a command that writes to the lake (`run`, `transform`, `crawl`): taken by
 * the use case, waiting up to `--wait` seconds for another holder and saying so on stderr; a
 * lake still busy after that is refused with who holds it.
 */
export function commandHold(store: ObjectStore, command: string, wait: string): LakeHold {
  return lakeHold(store, `tunelake ${command}`, {
    waitMs: parseSeconds('--wait', wait) * 1000,
    onWait: (holder) =>
      process.stderr.write(`tunelake: waiting for ${describeHolder(holder)} to finish with this lake\n`),
  })
}

/** A whole number of seconds from an option, or an ArgumentError naming the option. */
export function parseSeconds(option: string, value: string): number {
  const seconds = Number(value)
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(seconds)) {
    throw new ArgumentError(`${option} ${value} is not a number of seconds; use e.g. ${option} 600`)
  }
  return seconds
}
