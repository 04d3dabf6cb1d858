import type { Analyzer } from '../analysis/analyzer.js'
import type { Scope } from '../analysis/scope.js'
import type { Typed } from '../analysis/typed.js'
import {
  call,
  cast,
  columnRef,
  constant,
  type Expr,
  fail,
  iff,
  isNull,
  lambda,
  NULL,
  or,
} from '../duck-ast.js'
import { castFromJson, castToJson } from '../functions/json.js'
import { readMarker } from '../pre-parse.js'
import { refuse, sqlError } from '../refusal.js'
import { duckTypeOf } from '../types/duck-type.js'
import { parseTrinoType } from '../types/parse-type.js'
import { instantToWall, wallToInstant } from '../types/time-zones.js'
import { BOOLEAN, isIntegral, isNumeric, type TrinoType, typeName } from '../types/trino-type.js'
import { intervalLiteral, typedLiteral } from './literals.js'
import { timestampText } from './temporal-text.js'

/**
 * `CAST(x AS type)` and `TRY_CAST`, typed literals and interval literals (all three reach here as
 * casts to the marker types pre-parse.ts writes). Each source/target pair is one rule below that
 * gives Trino's value (rounding half away from zero, Trino's text forms), or a refusal.
 */
export function analyzeCast(an: Analyzer, node: Expr, scope: Scope): Typed {
  const castType = node.cast_type as { id: string; type_info: { name?: string } | null }
  const marker = castType.id === 'UNBOUND' ? readMarker(String(castType.type_info?.name ?? '')) : undefined
  const child = node.child as Expr
  if (!marker) {
    // DuckDB's parser writes TRUE and FALSE as CAST('t' AS BOOLEAN) and CAST('f' AS BOOLEAN).
    const word = /^(true|false)\b/i.exec(an.sourceAt(child.query_location))?.[1]?.toLowerCase()
    if (castType.id === 'BOOLEAN' && word) return { node, type: BOOLEAN, literal: word === 'true' }
    return sqlError('the :: cast is not Athena SQL; write CAST(x AS type)')
  }
  if (marker.kind === 'literal' || marker.kind === 'interval') {
    const text = (child.value as { value?: unknown }).value
    if (typeof text !== 'string') return sqlError('a typed literal needs a string')
    return marker.kind === 'literal' ? typedLiteral(marker.text, text) : intervalLiteral(marker.text, text)
  }
  const target = parseTrinoType(marker.text)
  return castValue(an.expr(child, scope), target, node.try_cast === true)
}

/** The value converted to `target` as Trino's CAST (or TRY_CAST, NULL where the cast fails) does. */
export function castValue(value: Typed, target: TrinoType, tryCast = false): Typed {
  const node = castNode(value, target, tryCast)
  return { node, type: target, literal: undefined }
}

function castNode(value: Typed, target: TrinoType, tryCast: boolean): Expr {
  const source = value.type
  const plain = () => cast(value.node, duckTypeOf(target), tryCast)
  const refused = (): never =>
    refuse(
      `CAST from ${typeName(source)} to ${typeName(target)}`,
      'convert it another way, or run the query on Athena',
    )
  if (source.kind === 'unknown') return cast(value.node, duckTypeOf(target))
  if (typeName(source) === typeName(target) && source.kind !== 'timestamptz') return value.node
  if (tryCast && (target.kind === 'json' || source.kind === 'json'))
    refuse('TRY_CAST to or from json', 'use CAST')
  if (target.kind === 'json') return castToJson(value)
  if (source.kind === 'json') return castFromJson(value.node, target)
  switch (target.kind) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'bigint':
      if (isIntegral(source) || source.kind === 'decimal') return plain()
      if (source.kind === 'real' || source.kind === 'double') {
        return cast(call('round', [value.node]), duckTypeOf(target), tryCast)
      }
      if (source.kind === 'varchar') return checkedText(value.node, INTEGER_TEXT, target, tryCast)
      if (source.kind === 'boolean') return plain()
      return refused()
    case 'real':
    case 'double':
      if (isNumeric(source) || source.kind === 'boolean') return plain()
      if (source.kind === 'varchar') return checkedText(value.node, DOUBLE_TEXT, target, tryCast)
      return refused()
    case 'decimal':
      if (isIntegral(source) || source.kind === 'decimal') return plain()
      if (source.kind === 'varchar') return checkedText(value.node, DECIMAL_TEXT, target, tryCast)
      return refused()
    case 'boolean':
      if (isNumeric(source) && source.kind !== 'decimal') return plain()
      return refused()
    case 'varchar':
      return toVarchar(value, target, tryCast, refused)
    case 'date':
      if (source.kind === 'timestamp') return plain()
      if (source.kind === 'timestamptz')
        return cast(instantToWall(value.node, source.zone), duckTypeOf(target))
      if (source.kind === 'varchar') return checkedText(value.node, DATE_TEXT, target, tryCast)
      return refused()
    case 'timestamp':
      if (source.kind === 'date') return plain()
      if (source.kind === 'timestamp') return roundTimestamp(value.node, source.precision, target.precision)
      if (source.kind === 'timestamptz') {
        return roundTimestamp(instantToWall(value.node, source.zone), source.precision, target.precision)
      }
      return refused()
    case 'timestamptz':
      if (source.kind === 'date' || source.kind === 'timestamp') {
        const wall =
          source.kind === 'date'
            ? cast(value.node, duckTypeOf({ kind: 'timestamp', precision: 0 }))
            : value.node
        return wallToInstant(wall, target.zone)
      }
      if (source.kind === 'timestamptz') return value.node
      return refused()
    case 'array': {
      if (source.kind !== 'array') return refused()
      const element = castValue({ node: columnRef('__e'), type: source.element }, target.element, tryCast)
      if (element.node.class === 'CAST' && (element.node.child as Expr).column_names) return plain()
      return call('list_transform', [value.node, lambda(['__e'], element.node)])
    }
    default:
      return refused()
  }
}

function toVarchar(
  value: Typed,
  target: TrinoType & { kind: 'varchar' },
  tryCast: boolean,
  refused: () => never,
): Expr {
  const source = value.type
  let text: Expr
  if (source.kind === 'varchar' || source.kind === 'char') text = value.node
  else if (
    isIntegral(source) ||
    source.kind === 'decimal' ||
    source.kind === 'boolean' ||
    source.kind === 'date'
  ) {
    text = cast(value.node, duckTypeOf(target))
  } else if (source.kind === 'timestamp') text = timestampText(value.node, source.precision)
  else if (source.kind === 'timestamptz') {
    text = call('concat', [
      timestampText(instantToWall(value.node, source.zone), source.precision),
      constant(` ${source.zone}`),
    ])
  } else return refused()
  if (target.length === undefined) return text
  if (source.kind === 'varchar' || source.kind === 'char')
    return call('left', [text, constant(target.length)])
  // A number too long for varchar(n) is an error in Trino (NULL for TRY_CAST), never cut.
  const tooLong = call('length', [text])
  return iff(
    or(isNull(text), call('<=', [tooLong, constant(target.length)]) as Expr),
    text,
    tryCast ? NULL() : fail(`Value cannot be represented as ${typeName(target)}`),
  )
}

const INTEGER_TEXT = '[+-]?[0-9]+'
const DOUBLE_TEXT = '\\s*[+-]?(NaN|Infinity|([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?)\\s*'
const DECIMAL_TEXT = '\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)\\s*'
const DATE_TEXT = '\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*'

/**
 * Text cast to a number or date when it is spelled as Trino reads one (DuckDB reads more: `1_000`,
 * `inf`), else Trino's error, or NULL for TRY_CAST.
 */
function checkedText(text: Expr, pattern: string, target: TrinoType, tryCast: boolean): Expr {
  const spelled = call('regexp_full_match', [text, constant(pattern)])
  const converted = cast(text, duckTypeOf(target), tryCast)
  return iff(
    or(isNull(text), spelled),
    converted,
    tryCast ? NULL() : fail(`Cannot cast varchar to ${typeName(target)}`),
  )
}

/** A timestamp at a lower precision rounds half up (Trino); to a higher one it is unchanged. */
export function roundTimestamp(node: Expr, from: number, to: number): Expr {
  if (to >= from) return node
  return call('tl_round_timestamp', [node, constant(to)])
}
