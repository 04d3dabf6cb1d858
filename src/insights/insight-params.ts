import { parsePlaylistRef } from '../spotify/spotify-ids.js'

/**
 * What a parameter takes: a playlist (id, URI or URL), a `YYYY-MM-DD` date, an IANA time zone
 * (`zone`), a whole number (`count`), one of some words, or text.
 */
export type InsightParamKind = 'playlist' | 'date' | 'zone' | 'count' | 'text' | { oneOf: string[] }

export interface InsightParam {
  name: string
  kind: InsightParamKind
  /** The value when none is given; absent means required. `first`/`last` dates open the range. */
  default?: string
  help: string
}

/** A field the insight needs, and why a lake may lack it. */
export interface InsightRequirement {
  table: string
  column: string
  reason: string
  /**
   * An open-data table (MusicBrainz, ListenBrainz): one partition of the current state, checked
   * whole rather than for the dates asked; a lake that never enriched has no such table.
   */
  openData?: boolean
}

/**
 * The parameter an insight with an open-data variant takes (`insights/open_data/<name>.sql`):
 * `spotify`, `open_data`, or `auto` (Spotify's field where the lake holds it, else open data).
 */
export const SOURCE_PARAM = 'source'
export type InsightSource = 'spotify' | 'open_data'

/** The date a range starts at or ends at when the caller gives none: every snapshot is inside. */
export const OPEN_RANGE = { first: '0001-01-01', last: '9999-12-31' } as const

export type ResolvedParams = { ok: true; values: Record<string, string> } | { ok: false; problem: string }

/** Each parameter's value from `values` or its default, checked against its kind. */
export function resolveParams(
  specs: readonly InsightParam[],
  values: Readonly<Record<string, string>>,
): ResolvedParams {
  const known = new Set(specs.map((s) => s.name))
  const stray = Object.keys(values).find((k) => !known.has(k))
  if (stray !== undefined) {
    return {
      ok: false,
      problem: `it takes no parameter ${stray}; its parameters are ${[...known].join(', ')}`,
    }
  }
  const out: Record<string, string> = {}
  for (const spec of specs) {
    const given = values[spec.name]
    const raw = given === undefined || given === '' ? defaultValue(spec) : given
    if (raw === undefined) {
      return { ok: false, problem: `it needs --param ${spec.name}=<${kindText(spec.kind)}> (${spec.help})` }
    }
    const checked = checkValue(spec, raw)
    if (!checked.ok) return checked
    out[spec.name] = checked.value
  }
  return { ok: true, values: out }
}

function defaultValue(spec: InsightParam): string | undefined {
  if (spec.default === undefined) return undefined
  if (spec.kind === 'date' && (spec.default === 'first' || spec.default === 'last'))
    return OPEN_RANGE[spec.default]
  return spec.default
}

function checkValue(
  spec: InsightParam,
  raw: string,
): { ok: true; value: string } | { ok: false; problem: string } {
  const bad = (what: string) => ({
    ok: false as const,
    problem: `--param ${spec.name}=${raw} is not ${what}`,
  })
  const { kind } = spec
  if (kind === 'playlist') {
    const id = parsePlaylistRef(raw)
    return id
      ? { ok: true, value: id }
      : bad('a playlist id (22 letters and digits), spotify:playlist: URI or URL')
  }
  if (kind === 'date') {
    if (raw === OPEN_RANGE.first || raw === OPEN_RANGE.last) return { ok: true, value: raw }
    const time = Date.parse(`${raw}T00:00:00Z`)
    const valid =
      /^\d{4}-\d{2}-\d{2}$/.test(raw) && !Number.isNaN(time) && new Date(time).toISOString().startsWith(raw)
    return valid ? { ok: true, value: raw } : bad('a date (YYYY-MM-DD)')
  }
  if (kind === 'zone') {
    return isTimeZone(raw) ? { ok: true, value: raw } : bad('an IANA time zone (e.g. Europe/Berlin, UTC)')
  }
  if (kind === 'count') {
    return /^\d{1,9}$/.test(raw) ? { ok: true, value: raw } : bad('a whole number (e.g. 20)')
  }
  if (typeof kind === 'object') {
    return kind.oneOf.includes(raw) ? { ok: true, value: raw } : bad(`one of ${kind.oneOf.join(', ')}`)
  }
  return { ok: true, value: raw }
}

/** How a kind reads in help text: `playlist`, `YYYY-MM-DD`, `decade|year`. */
export function kindText(kind: InsightParamKind): string {
  if (typeof kind === 'object') return kind.oneOf.join('|')
  return kind === 'date' ? 'YYYY-MM-DD' : kind === 'zone' ? 'time zone' : kind === 'count' ? 'number' : kind
}

/** True for a time zone name both engines know: `UTC` or an IANA name such as `Europe/Berlin`. */
function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(name)) return false
  try {
    new Intl.DateTimeFormat('en', { timeZone: name })
    return true
  } catch {
    return false
  }
}
