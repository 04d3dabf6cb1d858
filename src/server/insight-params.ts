/** What the page's filters say; the server maps them onto each insight's parameters. */
export interface DashboardFilters {
  playlist?: string
  /** First snapshot date of the range (YYYY-MM-DD). */
  from?: string
  /** Last snapshot date of the range; one-day insights read this day. */
  to?: string
  /** A second playlist, for insights comparing two. */
  other?: string
}

type FilterName = keyof DashboardFilters

/** An insight parameter as the dashboard sees it: its name, and its kind and default when declared. */
export interface ParamShape {
  name: string
  kind?: unknown
  default?: string
}

/** Date parameter names, in the order tried; the first match wins. */
const DATE_RULES: [RegExp, FilterName][] = [
  [/^(snapshot_date|date|day|as_of|on_date)$/, 'to'],
  [/^(from|start|since|first)(_date|_day|_snapshot)?$|^date_from$|^start_snapshot_date$/, 'from'],
  [/^(to|end|until|last)(_date|_day|_snapshot)?$|^date_to$|^end_snapshot_date$/, 'to'],
]

/** The filter a parameter takes its value from by its name alone, or undefined. */
export function filterFor(param: string): FilterName | undefined {
  if (/^(playlist|playlist_id)$/.test(param)) return 'playlist'
  const date = DATE_RULES.find(([pattern]) => pattern.test(param))?.[1]
  if (date) return date
  return /playlist/.test(param) ? 'other' : undefined
}

/**
 * The filter each parameter takes its value from. Playlist parameters (by kind, else by name):
 * `playlist_id`, else the first, is the playlist, any other the second playlist.
 */
export function filterMap(params: readonly ParamShape[]): Map<string, FilterName | undefined> {
  const map = new Map(
    params.map((p) => [p.name, p.kind === 'playlist' ? 'other' : filterFor(p.name)] as const),
  )
  const playlists = params.filter((p) => map.get(p.name) === 'playlist' || map.get(p.name) === 'other')
  const main = playlists.find((p) => /^(playlist|playlist_id)$/.test(p.name)) ?? playlists[0]
  if (main) map.set(main.name, 'playlist')
  return map
}

/** True when the insight takes a date range rather than one snapshot date. */
export function takesRange(params: readonly ParamShape[]): boolean {
  const map = filterMap(params)
  return params.some((p) => map.get(p.name) === 'from')
}

export type ParamValues = { ok: true; values: Record<string, string> } | { ok: false; missing: string[] }

/**
 * Values for the insight's parameters: an explicit value wins (`explicit[name]`), else the filter
 * the parameter maps to; a parameter with neither keeps its declared default, and one without a
 * default is listed as missing.
 */
export function paramValues(
  params: readonly ParamShape[],
  filters: DashboardFilters,
  explicit: Readonly<Record<string, string>> = {},
): ParamValues {
  const values: Record<string, string> = {}
  const missing: string[] = []
  const map = filterMap(params)
  for (const param of params) {
    const filter = map.get(param.name)
    const value = explicit[param.name] ?? (filter ? filters[filter] : undefined)
    if (value !== undefined && value !== '') values[param.name] = value
    else if (param.default === undefined) missing.push(param.name)
  }
  return missing.length === 0 ? { ok: true, values } : { ok: false, missing }
}

/** The dates of `available` from `from` to `to` inclusive (all of them when unset). */
export function datesInRange(available: readonly string[], from?: string, to?: string): string[] {
  return available.filter((d) => (!from || d >= from) && (!to || d <= to))
}
