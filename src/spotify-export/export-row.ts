import { type ExportStream, packageOf } from './export-files.js'

/**
 * The fields of a stream that identify a person or their devices (spotify-export NOTES.md 2.2):
 * the account's user name, the client's IP address (two names over the years) and its user
 * agent. Dropped before anything is written unless the user asks to keep them.
 */
export const PERSONAL_FIELDS: readonly string[] = [
  'username',
  'ip_addr',
  'ip_addr_decrypted',
  'user_agent_decrypted',
]

/** One stream of an export, checked, as it will be landed. */
export interface ExportRow {
  /** The row as the file has it (every key, in order), less the personal fields unless kept. */
  readonly row: Record<string, unknown>
  /** When the stream ended, epoch ms: `ts`, or the Account data package's `endTime` (minutes). */
  readonly endMs: number
  /**
   * Identifies the stream across exports of every year's shape (NOTES.md 4.3): end time,
   * content URI (or the names when there is none) and ms played; never the platform or IP.
   */
  readonly key: string
  /** The account's user name, where the row has one (shape A, until 2024). */
  readonly username?: string
}

const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/
const END_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})$/
const MAX_MS = 2 ** 31 - 1

/**
 * Checks one entry of a listening file (`ts` or `endTime` a UTC instant, `ms_played` or
 * `msPlayed` a whole number of milliseconds; every other key optional, unknown keys kept as
 * data) and drops the personal fields. Returns why it is not a stream otherwise.
 *
 * @example
 * readExportRow({ ts: '2024-12-30T18:04:12Z', ms_played: 201349, ip_addr: '192.0.2.10', ... }, 'extended-audio', false)
 * // { row: { ts, ms_played, ... } (no ip_addr), endMs: 1735581852000, key: '1735581852000|spotify:track:...|201349' }
 */
export function readExportRow(
  value: unknown,
  stream: ExportStream,
  keepPersonal: boolean,
): ExportRow | { invalid: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { invalid: 'an entry that is not an object' }
  }
  const entry = value as Record<string, unknown>
  const extended = packageOf(stream) === 'extended'
  const when = extended ? entry.ts : entry.endTime
  const ms = extended ? entry.ms_played : entry.msPlayed
  const endMs = extended ? instantOf(when) : endTimeOf(when)
  if (endMs === undefined) {
    return { invalid: `an entry whose ${extended ? 'ts' : 'endTime'} is not a UTC time (${shown(when)})` }
  }
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0 || ms > MAX_MS) {
    return {
      invalid: `an entry whose ${extended ? 'ms_played' : 'msPlayed'} is not a duration (${shown(ms)})`,
    }
  }
  const username = typeof entry.username === 'string' && entry.username !== '' ? entry.username : undefined
  const row = keepPersonal ? { ...entry } : withoutPersonal(entry)
  const content = extended ? extendedContent(entry) : accountContent(entry)
  return { row, endMs, key: `${endMs}|${content}|${ms}`, ...(username !== undefined && { username }) }
}

function withoutPersonal(entry: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(entry)) if (!PERSONAL_FIELDS.includes(key)) row[key] = value
  return row
}

/** The URI of what played, or its names (local files, metadata gaps). */
function extendedContent(entry: Record<string, unknown>): string {
  for (const key of ['spotify_track_uri', 'spotify_episode_uri', 'audiobook_chapter_uri', 'audiobook_uri']) {
    const uri = entry[key]
    if (typeof uri === 'string' && uri !== '') return uri
  }
  const names = [
    'master_metadata_track_name',
    'master_metadata_album_artist_name',
    'master_metadata_album_album_name',
    'episode_name',
    'episode_show_name',
  ].map((key) => (typeof entry[key] === 'string' ? entry[key] : ''))
  return `names:${names.join('\u001f')}`
}

function accountContent(entry: Record<string, unknown>): string {
  const names = ['artistName', 'trackName', 'podcastName', 'episodeName', 'audiobookName', 'chapterName'].map(
    (key) => (typeof entry[key] === 'string' ? entry[key] : ''),
  )
  return `names:${names.join('\u001f')}`
}

function instantOf(value: unknown): number | undefined {
  if (typeof value !== 'string' || !TS.test(value)) return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : ms
}

/** `2024-12-30 18:04` (UTC, no zone marker) → epoch ms. */
function endTimeOf(value: unknown): number | undefined {
  const match = typeof value === 'string' ? END_TIME.exec(value) : null
  if (!match) return undefined
  const ms = Date.parse(`${match[1]}T${match[2]}:00Z`)
  return Number.isNaN(ms) ? undefined : ms
}

function shown(value: unknown): string {
  if (value === undefined) return 'missing'
  const text = JSON.stringify(value)
  return text.length > 40 ? `${text.slice(0, 40)}...` : text
}
