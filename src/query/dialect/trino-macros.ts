/**
 * DuckDB macros named like the Trino (Athena engine v3) functions DuckDB lacks or defines
 * differently, so Athena-dialect SQL gives Athena's answers locally. A macro shadows a DuckDB
 * built-in of the same name; `system.main.f` still reaches the built-in.
 *
 * What no macro can fix is listed in README (SQL, dialect differences); the calls that need
 * their arguments rewritten (a literal format string, a variadic NULL rule) are in trino-rewrite.ts.
 */
export interface TrinoMacro {
  name: string
  /** The DuckDB body per overload: `(params) AS expression`. */
  overloads: string[]
}

/** Trino's `$1` / `\$` replacement syntax as RE2's `\1` / `$`. Inlined: macros cannot call macros here. */
const REPLACEMENT = `array_to_string(list_transform(regexp_extract_all(r, '\\\\.|\\$\\d+|[^\\\\$]+|.'), t -> CASE WHEN t = '\\$' THEN '$' WHEN t[1] = '$' AND length(t) > 1 THEN '\\' || t[2:] ELSE t END), '')`

const INTERVAL_OF_UNIT = `CASE lower(u) WHEN 'millisecond' THEN to_milliseconds(n) WHEN 'second' THEN to_seconds(n)
  WHEN 'minute' THEN to_minutes(n) WHEN 'hour' THEN to_hours(n) WHEN 'day' THEN to_days(n) WHEN 'week' THEN to_weeks(n)
  WHEN 'month' THEN to_months(n) WHEN 'quarter' THEN to_quarters(n) WHEN 'year' THEN to_years(n)
  ELSE error('date_add: unknown unit ' || u) END`

export const TRINO_MACROS: readonly TrinoMacro[] = [
  // Aggregates. Athena's answers are approximate; locally they are exact (the discrete
  // percentile, a true distinct count), which Athena's error bounds contain.
  { name: 'approx_percentile', overloads: ['(x, p) AS quantile_disc(x, p)'] },
  { name: 'approx_distinct', overloads: ['(x) AS count(DISTINCT x)'] },

  // Arrays
  { name: 'cardinality', overloads: ['(x) AS len(x)'] },
  { name: 'element_at', overloads: ['(c, k) AS c[k]'] },
  {
    name: 'array_join',
    overloads: [
      '(a, sep) AS array_to_string(a, sep)',
      '(a, sep, null_as) AS array_to_string(list_transform(a, x -> coalesce(CAST(x AS VARCHAR), null_as)), sep)',
    ],
  },
  { name: 'array_position', overloads: ['(a, x) AS coalesce(list_position(a, x), 0)'] },
  { name: 'array_distinct', overloads: ['(a) AS list_filter(a, (x, i) -> list_position(a, x) = i)'] },
  { name: 'array_max', overloads: ['(a) AS list_max(a)'] },
  { name: 'array_min', overloads: ['(a) AS list_min(a)'] },
  { name: 'slice', overloads: ['(a, s, n) AS list_slice(a, s, s + n - 1)'] },
  {
    name: 'sequence',
    overloads: ['(a, b) AS generate_series(a, b)', '(a, b, s) AS generate_series(a, b, s)'],
  },

  // Strings and regular expressions (Trino replaces every match; DuckDB only the first without 'g')
  { name: 'regexp_like', overloads: ['(s, p) AS regexp_matches(s, p)'] },
  {
    name: 'regexp_replace',
    overloads: [
      "(s, p) AS system.main.regexp_replace(s, p, '', 'g')",
      `(s, p, r) AS system.main.regexp_replace(s, p, ${REPLACEMENT}, 'g')`,
    ],
  },
  {
    name: 'regexp_extract',
    overloads: [
      '(s, p) AS CASE WHEN regexp_matches(s, p) THEN system.main.regexp_extract(s, p) END',
      '(s, p, g) AS CASE WHEN regexp_matches(s, p) THEN system.main.regexp_extract(s, p, g) END',
    ],
  },
  { name: 'regexp_count', overloads: ['(s, p) AS CAST(len(regexp_extract_all(s, p)) AS BIGINT)'] },
  { name: 'regexp_split', overloads: ['(s, p) AS regexp_split_to_array(s, p)'] },
  { name: 'levenshtein_distance', overloads: ['(a, b) AS levenshtein(a, b)'] },
  { name: 'to_utf8', overloads: ['(s) AS encode(s)'] },
  { name: 'from_utf8', overloads: ['(b) AS decode(b)'] },
  {
    name: 'json_extract_scalar',
    overloads: [
      "(j, p) AS CASE WHEN json_type(j, p) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(j, p) END",
    ],
  },

  // Dates and times (the session time zone is UTC, as Athena's)
  { name: 'day_of_week', overloads: ['(d) AS isodow(d)'] },
  { name: 'dow', overloads: ['(d) AS isodow(d)'] },
  { name: 'day_of_year', overloads: ['(d) AS dayofyear(d)'] },
  { name: 'doy', overloads: ['(d) AS dayofyear(d)'] },
  { name: 'day_of_month', overloads: ['(d) AS dayofmonth(d)'] },
  { name: 'week_of_year', overloads: ['(d) AS weekofyear(d)'] },
  { name: 'year_of_week', overloads: ['(d) AS isoyear(d)'] },
  { name: 'yow', overloads: ['(d) AS isoyear(d)'] },
  { name: 'last_day_of_month', overloads: ['(d) AS last_day(d)'] },
  { name: 'from_unixtime', overloads: ['(n) AS to_timestamp(n)'] },
  { name: 'to_unixtime', overloads: ['(t) AS epoch(t)'] },
  { name: 'from_iso8601_timestamp', overloads: ['(s) AS CAST(s AS TIMESTAMPTZ)'] },
  { name: 'from_iso8601_date', overloads: ['(s) AS CAST(s AS DATE)'] },
  {
    name: 'to_iso8601',
    overloads: [
      `(x) AS CASE typeof(x) WHEN 'DATE' THEN strftime(x, '%Y-%m-%d')
        WHEN 'TIMESTAMP WITH TIME ZONE' THEN strftime(x, '%Y-%m-%dT%H:%M:%S.%g') || 'Z'
        ELSE strftime(x, '%Y-%m-%dT%H:%M:%S.%g') END`,
    ],
  },
  // Trino counts whole units between the two (DuckDB's date_sub); DuckDB's date_diff counts boundaries.
  { name: 'date_diff', overloads: ['(u, a, b) AS date_sub(u, a, b)'] },
  { name: 'date_add', overloads: [`(u, n, x) AS x + ${INTERVAL_OF_UNIT}`] },
  { name: 'with_timezone', overloads: ['(t, zone) AS timezone(zone, t)'] },
  { name: 'at_timezone', overloads: ['(t, zone) AS CAST(t AS TIMESTAMPTZ)'] },
  { name: 'current_timezone', overloads: ["() AS current_setting('TimeZone')"] },

  // Math
  { name: 'rand', overloads: ['() AS random()'] },
  { name: 'truncate', overloads: ['(x) AS trunc(x)'] },
  { name: 'is_nan', overloads: ['(x) AS isnan(x)'] },
  { name: 'is_finite', overloads: ['(x) AS isfinite(x)'] },
  { name: 'is_infinite', overloads: ['(x) AS isinf(x)'] },
  { name: 'nan', overloads: ["() AS CAST('NaN' AS DOUBLE)"] },
  { name: 'infinity', overloads: ["() AS CAST('Infinity' AS DOUBLE)"] },
  {
    name: 'width_bucket',
    overloads: [
      `(x, lo, hi, n) AS CASE WHEN x < lo THEN 0 WHEN x >= hi THEN n + 1
        ELSE CAST(floor(CAST(x - lo AS DOUBLE) * n / CAST(hi - lo AS DOUBLE)) AS BIGINT) + 1 END`,
    ],
  },
]

/** The `CREATE MACRO` statements, in order. */
export function trinoMacroStatements(): string[] {
  return TRINO_MACROS.map((m) => `CREATE OR REPLACE MACRO ${m.name}${m.overloads.join(', ')}`)
}
