import { TunelakeError } from '../errors.js'
import type { InsightParam, InsightParamKind, InsightRequirement } from './insight-params.js'

/** An insight file's header is malformed: a bug in the shipped SQL, not in the user's input. */
export class InsightFileError extends TunelakeError {
  readonly kind = 'terminal'
}

/**
 * The header comments of an insight file:
 *
 * ```sql
 * -- Top artists: the artists with the most entries ...          (the first line: the description)
 * -- param playlist_id playlist    the playlist                   (name, kind[=default], help)
 * -- param to_date date=last       last snapshot date
 * -- param bucket decade|year=decade  group by decade or by year
 * -- requires artists.genres       why a lake may lack it
 * -- requires-open-data track_genres.genre  an open-data table: its whole (current) state is checked
 * ```
 *
 * Every `{{slot}}` of the SQL must have a `param` line, and every `param` line a slot.
 */
export function parseInsightHeader(
  name: string,
  sql: string,
  slots: readonly string[],
): { description: string; params: InsightParam[]; requires: InsightRequirement[] } {
  const comments = sql
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('--'))
    .map((line) => line.replace(/^--\s?/, ''))
  const description = comments[0] ?? name
  const params: InsightParam[] = []
  const requires: InsightRequirement[] = []
  for (const line of comments.slice(1)) {
    const param = /^param\s+(\w+)\s+(\S+)\s*(.*)$/.exec(line)
    if (param) {
      const [kindText, defaultValue] = param[2]!.split('=') as [string, string | undefined]
      params.push({
        name: param[1]!,
        kind: parseKind(kindText),
        ...(defaultValue !== undefined && { default: defaultValue }),
        help: param[3]!.trim(),
      })
      continue
    }
    const requirement = /^requires(-open-data)?\s+(\w+)\.(\w+)\s*(.*)$/.exec(line)
    if (requirement) {
      requires.push({
        table: requirement[2]!,
        column: requirement[3]!,
        reason: requirement[4]!.trim(),
        ...(requirement[1] && { openData: true }),
      })
    }
  }
  const declared = params.map((p) => p.name)
  const missing = slots.filter((s) => !declared.includes(s))
  const unused = declared.filter((d) => !slots.includes(d))
  if (missing.length > 0 || unused.length > 0) {
    throw new InsightFileError(
      `insights/${name}.sql: ${missing.length > 0 ? `slots without a param line: ${missing.join(', ')}` : `param lines without a slot: ${unused.join(', ')}`}`,
    )
  }
  params.sort((a, b) => slots.indexOf(a.name) - slots.indexOf(b.name))
  return { description, params, requires }
}

function parseKind(text: string): InsightParamKind {
  if (text === 'playlist' || text === 'date' || text === 'zone' || text === 'count' || text === 'text')
    return text
  return { oneOf: text.split('|') }
}
