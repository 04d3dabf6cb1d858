/** What the page's filters say; the server maps them onto each insight's parameters by name. */
export interface DashboardFilters {
  playlist?: string
  /** First snapshot date of the range (YYYY-MM-DD). */
  from?: string
  /** Last snapshot date of the range; single-day insights read this day. */
  to?: string
  /** A second playlist, for insights comparing two. */
  other?: string
}

type FilterName = keyof DashboardFilters

/** Parameter names the dashboard understands, in the order tried; the first match wins. */
const RULES: [RegExp, FilterName][] = [
  [/^(playlist|playlist_id)$/, 'playlist'],
  [/^(snapshot_date|date|day|as_of|on_date)$/, 'to'],
  [/^(from|start|since|first)(_date|_day|_snapshot)?$|^date_from$|^start_snapshot_date$/, 'from'],
  [/^(to|end|until|last)(_date|_day|_snapshot)?$|^date_to$|^end_snapshot_date$/, 'to'],
  [/playlist/, 'other'],
]

/** The filter an insight parameter takes its value from, or undefined when the dashboard has none. */
export function filterFor(param: string): FilterName | undefined {
  return RULES.find(([pattern]) => pattern.test(param))?.[1]
}

/**
 * The filter each parameter takes its value from. When no parameter is plainly the playlist
 * (`playlist_id`), the first one naming a playlist is, and any other names the second playlist.
 */
export function filterMap(params: readonly string[]): Map<string, FilterName | undefined> {
  const map = new Map(params.map((p) => [p, filterFor(p)] as const))
  if (![...map.values()].includes('playlist')) {
    const first = params.find((p) => map.get(p) === 'other')
    if (first) map.set(first, 'playlist')
  }
  return map
}

/** True when the insight takes a date range rather than one snapshot date. */
export function takesRange(params: readonly string[]): boolean {
  return params.some((p) => filterFor(p) === 'from')
}

export type ParamValues = { ok: true; values: Record<string, string> } | { ok: false; missing: string[] }

/**
 * Values for each of `params`: an explicit value wins (`explicit[param]`), else the filter the
 * name maps to. Lists the parameters left without a value.
 */
export function paramValues(
  params: readonly string[],
  filters: DashboardFilters,
  explicit: Readonly<Record<string, string>> = {},
): ParamValues {
  const values: Record<string, string> = {}
  const missing: string[] = []
  const map = filterMap(params)
  for (const param of params) {
    const filter = map.get(param)
    const value = explicit[param] ?? (filter ? filters[filter] : undefined)
    if (value === undefined || value === '') missing.push(param)
    else values[param] = value
  }
  return missing.length === 0 ? { ok: true, values } : { ok: false, missing }
}

/** The dates of `available` from `from` to `to` inclusive (all of them when unset). */
export function datesInRange(available: readonly string[], from?: string, to?: string): string[] {
  return available.filter((d) => (!from || d >= from) && (!to || d <= to))
}
