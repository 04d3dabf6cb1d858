/**
 * The DuckDB macros the dialect's translations call (all named `tl_*`, which no Trino function is,
 * so a user query cannot reach them: the registry refuses names it has no rule for). Each is a
 * piece of Trino semantics DuckDB lacks, written once: division by zero fails, a subscript past
 * the end fails, decimal division rounds half up, timestamps round to a precision.
 */
const MACROS: Readonly<Record<string, string>> = {
  // Integer (and decimal remainder) arithmetic where Trino fails on a zero divisor and DuckDB gives NULL.
  tl_divide: "(a, b) AS CASE WHEN b = 0 THEN error('Division by zero') ELSE a // b END",
  tl_modulus: "(a, b) AS CASE WHEN b = 0 THEN error('Division by zero') ELSE a % b END",

  // A decimal's digits as an integer (1.50 -> 150), and Trino's decimal division on such digits:
  // (a * 10^shift) / b rounded half away from zero, as text with `scale` fraction digits.
  tl_unscaled: "(d) AS CAST(replace(CAST(d AS VARCHAR), '.', '') AS HUGEINT)",
  // (Macros are created in this order, and a macro may call only those before it.)
  // |q|'s digits, zero-padded to at least scale + 1 (lpad alone would cut longer ones).
  tl_decimal_digits: `(q, scale) AS lpad(CAST(abs(q) AS VARCHAR),
      CAST(greatest(scale + 1, length(CAST(abs(q) AS VARCHAR))) AS INTEGER), '0')`,
  tl_decimal_text: `(q, scale) AS (CASE WHEN q < 0 THEN '-' ELSE '' END) ||
      CASE WHEN scale = 0 THEN CAST(abs(q) AS VARCHAR)
      ELSE left(tl_decimal_digits(q, scale), -scale) || '.' || right(tl_decimal_digits(q, scale), scale) END`,
  tl_decimal_quotient: `(n, b, scale) AS tl_decimal_text(n // b +
      CASE WHEN 2 * abs(n % b) >= abs(b) THEN (CASE WHEN (n < 0) = (b < 0) THEN 1 ELSE -1 END) ELSE 0 END, scale)`,
  tl_decimal_divide: `(a, b, shift, scale) AS CASE WHEN b = 0 THEN error('Division by zero')
      ELSE tl_decimal_quotient(a * CAST('1' || repeat('0', shift) AS HUGEINT), b, scale) END`,

  // a[i] on an array: Trino fails for 0, negative and past-the-end positions (DuckDB: NULL, or from the end).
  tl_array_subscript: `(a, i) AS CASE WHEN a IS NULL OR i IS NULL THEN NULL
      WHEN i = 0 THEN error('SQL array indices start at 1')
      WHEN i < 0 THEN error('Array subscript is negative: ' || i)
      WHEN i > len(a) THEN error('Array subscript must be less than or equal to array length: ' || i || ' > ' || len(a))
      ELSE a[i] END`,
  // m[k] on a map: a missing key fails in Trino (DuckDB: NULL).
  tl_map_subscript: `(m, k) AS CASE WHEN m IS NULL OR k IS NULL THEN NULL
      WHEN NOT map_contains(m, k) THEN error('Key not present in map: ' || k)
      ELSE m[k] END`,

  // sequence(): Trino fails on a zero step, a step away from the stop, and more than 10,000 entries.
  tl_sequence: `(a, b, s) AS CASE WHEN s = 0 THEN error('step must not be zero')
      WHEN (s > 0 AND a > b) OR (s < 0 AND a < b) THEN error('sequence stop value should be greater than or equal to start value if step is greater than zero otherwise stop should be less than or equal to start')
      WHEN (b - a) // s + 1 > 10000 THEN error('result of sequence function must not have more than 10000 entries')
      ELSE generate_series(a, b, s) END`,
  tl_temporal_sequence: `(a, b, s) AS CASE WHEN a + s = a THEN error('step must not be zero')
      WHEN a <> b AND ((a + s > a) <> (b > a)) THEN error('sequence stop value should be greater than or equal to start value if step is greater than zero otherwise stop should be less than or equal to start')
      WHEN len(generate_series(a, b, s)) > 10000 THEN error('result of sequence function must not have more than 10000 entries')
      ELSE generate_series(a, b, s) END`,

  // map(keys, values): Trino fails on arrays of different lengths, a NULL key and a repeated key.
  tl_map: `(k, v) AS CASE WHEN k IS NULL OR v IS NULL THEN NULL
      WHEN len(k) <> len(v) THEN error('Key and value arrays must be the same length')
      WHEN list_contains(list_transform(k, x -> x IS NULL), true) THEN error('map key cannot be null')
      WHEN len(list_distinct(k)) <> len(k) THEN error('Duplicate map keys are not allowed')
      ELSE map(k, v) END`,

  // json_extract_scalar: a scalar's text, NULL for an object or array and for text that is not JSON.
  tl_json_scalar: `(j, p) AS CASE WHEN NOT json_valid(j) THEN NULL
      WHEN json_type(j, p) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(j, p) END`,

  // A timestamp rounded half up to p fraction digits (Trino's cast to a lower precision).
  tl_round_timestamp: `(ts, p) AS make_timestamp(CAST(floor((epoch_us(ts) + 10 ** (6 - p) / 2) / 10 ** (6 - p)) AS BIGINT) * CAST(10 ** (6 - p) AS BIGINT))`,
}

/** The `CREATE MACRO` statements, run once when the engine opens. */
export function dialectMacroStatements(): string[] {
  return Object.entries(MACROS).map(([name, body]) => `CREATE OR REPLACE MACRO ${name}${body}`)
}
