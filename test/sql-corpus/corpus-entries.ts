import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The folder of the corpus: one JSON file per theme, plus known-differences.json. */
export const CORPUS_DIR = path.dirname(fileURLToPath(import.meta.url))

const KNOWN_DIFFERENCES_FILE = 'known-differences.json'
const DOC_PREFIX = 'docs/src/main/sphinx/'

/** A value as Trino's CLI prints it, or null for SQL NULL. */
export type CellText = string | null

/**
 * One query with Trino's answer, pinned by a file of Trino's documentation (trinodb/trino).
 * Either `types` and `rows` (what Trino returns) or `error` (a fragment of Trino's message, or
 * what fails, when Trino refuses the query).
 */
export interface CorpusEntry {
  id: string
  /** The documentation file that pins the answer, e.g. `docs/src/main/sphinx/functions/datetime.md`. */
  doc: string
  sql: string
  /** Trino's names of the result columns' types; null when the docs pin the values only. */
  types?: string[] | null
  rows?: CellText[][]
  /** The rows come in this order (the query orders them). */
  ordered?: boolean
  error?: string
  /** The theme file the entry came from, e.g. `datetime`. */
  theme: string
}

/** Every entry of every theme file, in file order. Throws on a malformed entry or a repeated id. */
export function loadCorpus(dir = CORPUS_DIR): CorpusEntry[] {
  const entries: CorpusEntry[] = []
  const seen = new Set<string>()
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.json') && name !== KNOWN_DIFFERENCES_FILE)
    .sort()
  for (const file of files) {
    const theme = file.replace(/\.json$/, '')
    const parsed: unknown = JSON.parse(readFileSync(path.join(dir, file), 'utf8'))
    if (!Array.isArray(parsed)) throw new Error(`${file}: expected an array of entries`)
    for (const [index, raw] of parsed.entries()) {
      const entry = checkedEntry(raw, `${file}[${index}]`, theme)
      if (seen.has(entry.id)) throw new Error(`${file}: the id ${entry.id} is used twice`)
      seen.add(entry.id)
      entries.push(entry)
    }
  }
  return entries
}

/** known-differences.json: entry id -> what the local engine gives today instead of Trino's answer. */
export function loadKnownDifferences(dir = CORPUS_DIR): Map<string, string> {
  const parsed: unknown = JSON.parse(readFileSync(path.join(dir, KNOWN_DIFFERENCES_FILE), 'utf8'))
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${KNOWN_DIFFERENCES_FILE}: expected an object of id -> what we give today`)
  }
  return new Map(Object.entries(parsed).map(([id, gave]) => [id, String(gave)]))
}

function checkedEntry(raw: unknown, where: string, theme: string): CorpusEntry {
  if (typeof raw !== 'object' || raw === null) throw new Error(`${where}: expected an object`)
  const entry = raw as Record<string, unknown>
  const allowed = new Set(['id', 'doc', 'sql', 'types', 'rows', 'ordered', 'error'])
  for (const key of Object.keys(entry)) {
    if (!allowed.has(key)) throw new Error(`${where}: unknown key ${key}`)
  }
  const { id, doc, sql, types, rows, ordered, error } = entry
  if (typeof id !== 'string' || !/^[a-z0-9][a-z0-9_-]*$/.test(id)) {
    throw new Error(`${where}: id must be lower-case letters, digits, - and _`)
  }
  if (typeof doc !== 'string' || !doc.startsWith(DOC_PREFIX) || !doc.endsWith('.md')) {
    throw new Error(`${where} (${id}): doc must be a file under ${DOC_PREFIX}`)
  }
  if (typeof sql !== 'string' || sql.trim() === '') throw new Error(`${where} (${id}): sql is missing`)
  if (ordered !== undefined && typeof ordered !== 'boolean')
    throw new Error(`${where} (${id}): ordered is a boolean`)
  if (error !== undefined) {
    if (typeof error !== 'string' || error === '') throw new Error(`${where} (${id}): error must be text`)
    if (types !== undefined || rows !== undefined)
      throw new Error(`${where} (${id}): an error entry has no rows`)
    return { id, doc, sql, error, theme }
  }
  if (types !== null && !(Array.isArray(types) && types.every((t) => typeof t === 'string'))) {
    throw new Error(`${where} (${id}): types must be a list of type names, or null`)
  }
  const width = types?.length
  if (
    !Array.isArray(rows) ||
    !rows.every(
      (row) =>
        Array.isArray(row) &&
        (width === undefined || row.length === width) &&
        row.every((cell) => cell === null || typeof cell === 'string'),
    )
  ) {
    throw new Error(`${where} (${id}): rows must be lists of text or null, one per type`)
  }
  return { id, doc, sql, types, rows: rows as CellText[][], ordered: ordered === true, theme }
}
