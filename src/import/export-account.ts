import { createHmac, randomBytes } from 'node:crypto'
import { LakeObjectNotFoundError } from '../lake/errors.js'
import { STATE_KEYS } from '../lake/layout.js'
import { getText, type ObjectStore, putJson } from '../lake/object-store.js'
import type { LakeComparison } from './compare-with-lake.js'

/**
 * Whose exports a lake holds, without the user name itself (personal data): an HMAC-SHA256 of
 * it under a random salt of this lake, so the same name gives the same value here and cannot be
 * looked up elsewhere.
 */
export interface ExportAccountState {
  format: 'tunelake.export-account/v1'
  salt: string
  /** The salted hash of the user name, once an export named it; null until then. */
  username_hmac: string | null
}

/** At least this many of an export's streams must fall in the lake's span to judge by content. */
const MIN_OVERLAP = 20
/** Below this share of those streams already in the lake, the export is another account's. */
const MIN_SHARED = 0.5

export async function readAccountState(store: ObjectStore): Promise<ExportAccountState | undefined> {
  try {
    const state = JSON.parse(await getText(store, STATE_KEYS.exportAccount)) as ExportAccountState
    return typeof state.salt === 'string' ? state : undefined
  } catch (error) {
    if (error instanceof LakeObjectNotFoundError || error instanceof SyntaxError) return undefined
    throw error
  }
}

export async function writeAccountState(store: ObjectStore, state: ExportAccountState): Promise<void> {
  await putJson(store, STATE_KEYS.exportAccount, state)
}

/** What the account check decided: why the export looks like another account's, and the state to keep. */
export interface AccountJudgement {
  /** Set when the export looks like another account's (the import refuses unless told otherwise). */
  other?: string
  /** How the account was told: by user name, by the streams, or not at all (nothing to compare). */
  by: 'username' | 'streams' | 'nothing'
  state: ExportAccountState
}

/**
 * Tells whether an export is the lake's account's. By user name where the export has one (rows
 * until 2024, Userdata.json): its salted hash must match the one the lake keeps. Exports since
 * late 2024 carry no user name, so also by content: exports are whole histories, so a newer export
 * of the same account holds every stream an older one holds for the same time, while another
 * account's shares almost none. More than one user name in one export is two accounts.
 */
export function judgeAccount(
  previous: ExportAccountState | undefined,
  usernames: ReadonlySet<string>,
  comparison: LakeComparison,
): AccountJudgement {
  const salt = previous?.salt ?? randomBytes(16).toString('hex')
  const hashes = [...usernames].map((name) => createHmac('sha256', salt).update(name).digest('hex'))
  const known = previous?.username_hmac ?? null
  const state: ExportAccountState = {
    format: 'tunelake.export-account/v1',
    salt,
    username_hmac: known ?? hashes[0] ?? null,
  }
  if (hashes.length > 1) {
    return {
      other: `it holds the streams of ${hashes.length} accounts (user names differ)`,
      by: 'username',
      state,
    }
  }
  if (known !== null && hashes[0] !== undefined && hashes[0] !== known) {
    return { other: 'its user name is not the one of the exports this lake holds', by: 'username', state }
  }
  const { streams, shared } = comparison.overlap
  if (streams >= MIN_OVERLAP && shared / streams < MIN_SHARED) {
    const percent = Math.round((100 * shared) / streams)
    return {
      other: `only ${shared} of its ${streams} streams in the time this lake's history covers (${percent}%) are in the lake, where an export of the same account holds them all`,
      by: 'streams',
      state,
    }
  }
  const by = hashes.length > 0 && known !== null ? 'username' : streams >= MIN_OVERLAP ? 'streams' : 'nothing'
  return { by, state }
}
