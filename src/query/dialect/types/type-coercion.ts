import {
  decimal,
  MAX_DECIMAL_PRECISION,
  MIXED_ZONES,
  type RowField,
  type TrinoType,
  timestamp,
  timestampTz,
  typeName,
  varchar,
} from './trino-type.js'

/**
 * Trino's implicit conversions (io.trino.type.TypeCoercion): which type a value may be used as
 * without a CAST, and the common type of two (for CASE, UNION, IN, comparisons, arrays).
 * Numbers widen (tinyint < smallint < integer < bigint < decimal < real < double); a date widens
 * to a timestamp, a timestamp to one with a time zone; strings never become numbers, nor numbers
 * strings.
 */
interface Compatibility {
  common: TrinoType
  /** True when the first type converts to the second implicitly (the common type is the second). */
  coercible: boolean
}

/** The common super type of two, or undefined when Trino finds none (a type error). */
export function commonSuperType(a: TrinoType, b: TrinoType): TrinoType | undefined {
  return compatibility(a, b)?.common
}

/** True when a value of `from` can be used where `to` is expected without a CAST. */
export function canCoerce(from: TrinoType, to: TrinoType): boolean {
  return compatibility(from, to)?.coercible === true
}

/** The common super type of many (undefined when two have none). */
export function commonSuperTypeOf(types: readonly TrinoType[]): TrinoType | undefined {
  let common: TrinoType | undefined = { kind: 'unknown' }
  for (const type of types) {
    common = common && commonSuperType(common, type)
  }
  return common
}

function same(a: TrinoType, b: TrinoType): boolean {
  if (typeName(a) !== typeName(b)) return false
  return a.kind !== 'timestamptz' || (b.kind === 'timestamptz' && a.zone === b.zone)
}

function compatibility(from: TrinoType, to: TrinoType): Compatibility | undefined {
  if (same(from, to)) return { common: to, coercible: true }
  if (from.kind === 'unknown') return { common: to, coercible: true }
  if (to.kind === 'unknown') return { common: from, coercible: false }
  if (from.kind === to.kind) return sameBase(from, to)
  const widened = coerceBase(from, to.kind)
  if (widened) return compatibility(widened, to)
  const back = coerceBase(to, from.kind)
  if (back) {
    const result = compatibility(from, back)
    return result && { common: result.common, coercible: false }
  }
  return undefined
}

function sameBase(from: TrinoType, to: TrinoType): Compatibility | undefined {
  const result = (common: TrinoType) => ({ common, coercible: same(common, to) })
  if (from.kind === 'decimal' && to.kind === 'decimal') {
    const scale = Math.max(from.scale, to.scale)
    const precision = Math.min(
      MAX_DECIMAL_PRECISION,
      Math.max(from.precision - from.scale, to.precision - to.scale) + scale,
    )
    return result(decimal(precision, scale))
  }
  if (from.kind === 'varchar' && to.kind === 'varchar') {
    const length =
      from.length === undefined || to.length === undefined ? undefined : Math.max(from.length, to.length)
    return result(varchar(length))
  }
  if (from.kind === 'char' && to.kind === 'char') {
    return result({ kind: 'char', length: Math.max(from.length, to.length) })
  }
  if (from.kind === 'timestamp' && to.kind === 'timestamp') {
    return result(timestamp(Math.max(from.precision, to.precision)))
  }
  if (from.kind === 'timestamptz' && to.kind === 'timestamptz') {
    // Each value keeps its own zone in Trino; locally an expression has one zone, or MIXED_ZONES.
    const zone = from.zone === to.zone ? to.zone : MIXED_ZONES
    return result(timestampTz(Math.max(from.precision, to.precision), zone))
  }
  if (from.kind === 'row' && to.kind === 'row') {
    if (from.fields.length !== to.fields.length) return undefined
    const fields: RowField[] = []
    let coercible = true
    for (let i = 0; i < from.fields.length; i++) {
      const a = from.fields[i]!
      const b = to.fields[i]!
      const field = compatibility(a.type, b.type)
      if (!field) return undefined
      coercible &&= field.coercible
      fields.push({ name: a.name === b.name ? a.name : undefined, type: field.common })
    }
    return { common: { kind: 'row', fields }, coercible }
  }
  if (from.kind === 'array' && to.kind === 'array') {
    const element = compatibility(from.element, to.element)
    return element && { common: { kind: 'array', element: element.common }, coercible: element.coercible }
  }
  if (from.kind === 'map' && to.kind === 'map') {
    const key = compatibility(from.key, to.key)
    const value = compatibility(from.value, to.value)
    if (!key || !value) return undefined
    return {
      common: { kind: 'map', key: key.common, value: value.common },
      coercible: key.coercible && value.coercible,
    }
  }
  return undefined
}

/** The type `source` widens to within the family `target` (Trino's coerceTypeBase), if it does. */
function coerceBase(source: TrinoType, target: TrinoType['kind']): TrinoType | undefined {
  switch (source.kind) {
    case 'tinyint':
      return numericTarget(target, 3)
    case 'smallint':
      return target === 'tinyint' ? undefined : numericTarget(target, 5)
    case 'integer':
      return target === 'tinyint' || target === 'smallint' ? undefined : numericTarget(target, 10)
    case 'bigint':
      return target === 'real' || target === 'double' || target === 'decimal'
        ? numericTarget(target, 19)
        : undefined
    case 'decimal':
      return target === 'real' || target === 'double' ? { kind: target } : undefined
    case 'real':
      return target === 'double' ? { kind: 'double' } : undefined
    case 'date':
      if (target === 'timestamp') return timestamp(0)
      if (target === 'timestamptz') return timestampTz(0, 'UTC')
      return undefined
    case 'timestamp':
      return target === 'timestamptz' ? timestampTz(source.precision, 'UTC') : undefined
    case 'char':
      return target === 'varchar' ? varchar(source.length) : undefined
    default:
      return undefined
  }
}

function numericTarget(target: TrinoType['kind'], precision: number): TrinoType | undefined {
  switch (target) {
    case 'smallint':
    case 'integer':
    case 'bigint':
    case 'real':
    case 'double':
      return { kind: target }
    case 'decimal':
      return decimal(precision, 0)
    default:
      return undefined
  }
}
