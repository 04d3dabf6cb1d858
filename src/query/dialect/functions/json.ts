import { coerce, type Typed } from '../analysis/typed.js'
import {
  call,
  caseWhen,
  cast,
  comparison,
  constant,
  type Expr,
  fail,
  iff,
  isNull,
  NULL,
} from '../duck-ast.js'
import { refuse, sqlError } from '../refusal.js'
import { DUCK_JSON, duckTypeOf } from '../types/duck-type.js'
import {
  BIGINT,
  BOOLEAN,
  isIntegral,
  JSON_TYPE,
  type TrinoType,
  typeName,
  VARCHAR,
} from '../types/trino-type.js'
import type { CallSite } from './call-site.js'
import { type FunctionTable, scalar } from './function-rule.js'

/**
 * JSON functions (docs: functions/json.md, the json type's functions and casts): a json value is
 * its compact text (`json_parse('[1, 2]')` is `[1,2]`); paths are literals in the JSONPath subset
 * both engines read (`$`, `.key`, `["key"]`, `[n]`). The SQL/JSON functions (json_query,
 * json_value, json_exists, json_object, json_array) are refused by pre-parse.ts.
 */
function jsonText(site: CallSite, i: number): Expr {
  const arg = site.arg(i)
  if (arg.type.kind === 'json' || arg.type.kind === 'unknown') return arg.node
  if (arg.type.kind !== 'varchar') site.unexpected()
  return arg.node
}

/** A JSONPath of the subset DuckDB reads as Trino does, else a refusal. */
function path(site: CallSite, i: number): Expr {
  const arg = site.arg(i)
  if (typeof arg.literal !== 'string')
    refuse(`${site.name}() with a computed path`, 'write the path as a literal')
  const text = arg.literal.trim()
  if (!/^\$(?:\.[A-Za-z_][A-Za-z0-9_]*|\["(?:[^"\\]|\\.)*"\]|\[\d+\])*$/.test(text)) {
    refuse(`the JSON path ${text}`, 'write it with .key, ["key"] and [n] steps')
  }
  // DuckDB writes a quoted key as ."key".
  return constant(text.replace(/\["((?:[^"\\]|\\.)*)"\]/g, '."$1"'))
}

/** Valid JSON text as the compact text Trino keeps for a json value; an error for text that is not JSON. */
export function parsedJson(text: Expr): Expr {
  return iff(
    call('json_valid', [text]),
    cast(call('json', [text]), DUCK_JSON),
    fail('Cannot convert value to JSON'),
  )
}

const jsonParse = scalar((site) => {
  site.arity(1)
  return { node: parsedJson(coerce(site.arg(0), VARCHAR).node), type: JSON_TYPE }
})

const jsonFormat = scalar((site) => {
  site.arity(1)
  const arg = site.arg(0)
  if (arg.type.kind !== 'json') site.unexpected()
  return { node: cast(arg.node, duckTypeOf(VARCHAR)), type: VARCHAR }
})

const jsonExtract = scalar((site) => {
  site.arity(2)
  const json = jsonText(site, 0)
  const node = iff(call('json_valid', [json]), call('json_extract', [json, path(site, 1)]), NULL())
  return { node: cast(node, DUCK_JSON), type: JSON_TYPE }
})

const jsonExtractScalar = scalar((site) => {
  site.arity(2)
  return { node: call('tl_json_scalar', [jsonText(site, 0), path(site, 1)]), type: VARCHAR }
})

const jsonArrayLength = scalar((site) => {
  site.arity(1)
  const json = jsonText(site, 0)
  const node = iff(arrayTest(json), call('json_array_length', [json]), NULL())
  return { node: cast(node, duckTypeOf(BIGINT)), type: BIGINT }
})

const jsonSize = scalar((site) => {
  site.arity(2)
  const json = jsonText(site, 0)
  const at = path(site, 1)
  const value = call('json_extract', [json, at])
  const node = caseWhen(
    [
      [isNull(value), NULL()],
      [
        comparison('COMPARE_EQUAL', call('json_type', [value]), constant('ARRAY')),
        call('json_array_length', [value]),
      ],
      [
        comparison('COMPARE_EQUAL', call('json_type', [value]), constant('OBJECT')),
        call('len', [call('json_keys', [value])]),
      ],
    ],
    constant(0n),
  )
  return { node: iff(call('json_valid', [json]), cast(node, duckTypeOf(BIGINT)), NULL()), type: BIGINT }
})

const jsonArrayGet = scalar((site) => {
  site.arity(2)
  const json = jsonText(site, 0)
  const index = site.arg(1)
  if (typeof index.literal !== 'number')
    refuse('json_array_get() with a computed index', 'write the index as a literal')
  const at = constant(index.literal >= 0 ? `$[${index.literal}]` : `$[#${index.literal}]`)
  const element = call('json_extract', [json, at])
  // Trino's json_array_get gives a string element without its quotes (its docs call this broken).
  const node = iff(
    comparison('COMPARE_EQUAL', call('json_type', [element]), constant('VARCHAR')),
    call('json_extract_string', [json, at]),
    cast(element, duckTypeOf(VARCHAR)),
  )
  return { node: iff(arrayTest(json), cast(node, DUCK_JSON), NULL()), type: JSON_TYPE }
})

const isJsonScalar = scalar((site) => {
  site.arity(1)
  const json = jsonText(site, 0)
  const node = iff(
    call('json_valid', [json]),
    notIn(call('json_type', [json]), ['OBJECT', 'ARRAY']),
    fail('Invalid JSON value'),
  )
  return { node, type: BOOLEAN }
})

const jsonArrayContains = scalar((site) => {
  site.arity(2)
  const json = jsonText(site, 0)
  const value = site.arg(1)
  if (!(isIntegral(value.type) || value.type.kind === 'varchar' || value.type.kind === 'boolean')) {
    refuse(`json_array_contains() of a ${typeName(value.type)}`, 'look for a string, integer or boolean')
  }
  const wanted = call('to_json', [value.node])
  const elements = cast(json, {
    id: 'LIST',
    type_info: { type: 'LIST_TYPE_INFO', alias: '', extension_info: null, child_type: DUCK_JSON },
  })
  return { node: iff(arrayTest(json), call('list_contains', [elements, wanted]), NULL()), type: BOOLEAN }
})

function arrayTest(json: Expr): Expr {
  return iff(
    call('json_valid', [json]),
    comparison('COMPARE_EQUAL', call('json_type', [json]), constant('ARRAY')),
    constant(false),
  )
}

function notIn(value: Expr, options: string[]): Expr {
  return {
    class: 'OPERATOR',
    type: 'COMPARE_NOT_IN',
    alias: '',
    children: [value, ...options.map((o) => constant(o))],
  }
}

/** CAST(x AS json): a value as the JSON it is (a string becomes a JSON string, not parsed). */
export function castToJson(value: Typed): Expr {
  if (!castsToJson(value.type))
    refuse(
      `CAST from ${typeName(value.type)} to json`,
      'cast strings, integers, decimals, booleans and arrays, maps and named rows of them',
    )
  return cast(call('to_json', [value.node]), DUCK_JSON)
}

function castsToJson(type: TrinoType): boolean {
  switch (type.kind) {
    case 'boolean':
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'bigint':
    case 'decimal':
    case 'varchar':
    case 'json':
      return true
    case 'array':
      return castsToJson(type.element)
    case 'map':
      return type.key.kind === 'varchar' && castsToJson(type.value)
    case 'row':
      return type.fields.every((f) => f.name !== undefined && castsToJson(f.type))
    default:
      return false
  }
}

/** CAST(json AS type): scalars by their JSON type (an object or array is no varchar), arrays and maps of scalars. */
export function castFromJson(json: Expr, target: TrinoType): Expr {
  const kind = call('json_type', [json])
  const isType = (name: string) => comparison('COMPARE_EQUAL', kind, constant(name))
  const cannot = fail(
    `Cannot cast JSON to ${typeName(target)}: the local engine does not reproduce this case`,
  )
  switch (target.kind) {
    case 'varchar':
      return caseWhen(
        [
          [isType('NULL'), NULL()],
          [isType('OBJECT'), fail('Cannot cast JSON object to varchar')],
          [isType('ARRAY'), fail('Cannot cast JSON array to varchar')],
        ],
        call('json_extract_string', [json, constant('$')]),
      )
    case 'boolean':
      return caseWhen(
        [
          [isType('NULL'), NULL()],
          [isType('BOOLEAN'), cast(json, duckTypeOf(target))],
        ],
        cannot,
      )
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'bigint':
      return caseWhen(
        [
          [isType('NULL'), NULL()],
          [isType('BIGINT'), cast(json, duckTypeOf(target))],
          [isType('UBIGINT'), cast(json, duckTypeOf(target))],
        ],
        cannot,
      )
    case 'double':
      return caseWhen(
        [
          [isType('NULL'), NULL()],
          [isType('BIGINT'), cast(json, duckTypeOf(target))],
          [isType('DOUBLE'), cast(json, duckTypeOf(target))],
        ],
        cannot,
      )
    case 'array':
    case 'map':
      if (!simpleJsonTarget(target)) {
        return refuse(
          `CAST from json to ${typeName(target)}`,
          'cast to arrays and maps of strings, integers, doubles or booleans',
        )
      }
      return iff(isType('NULL'), NULL(), cast(json, duckTypeOf(target)))
    default:
      return refuse(
        `CAST from json to ${typeName(target)}`,
        'cast to varchar, a number, boolean, or an array or map of them',
      )
  }
}

function simpleJsonTarget(type: TrinoType): boolean {
  if (type.kind === 'array') return simpleJsonTarget(type.element)
  if (type.kind === 'map') return type.key.kind === 'varchar' && simpleJsonTarget(type.value)
  return ['varchar', 'bigint', 'integer', 'double', 'boolean', 'json'].includes(type.kind)
}

export const JSON_FUNCTIONS: FunctionTable = {
  json_parse: jsonParse,
  json_format: jsonFormat,
  json_extract: jsonExtract,
  json_extract_scalar: jsonExtractScalar,
  json_array_length: jsonArrayLength,
  json_size: jsonSize,
  json_array_get: jsonArrayGet,
  json_array_contains: jsonArrayContains,
  is_json_scalar: isJsonScalar,
}

export function jsonLiteral(text: string): Typed {
  try {
    JSON.parse(text)
  } catch {
    sqlError(`'${text}' is not a valid JSON literal`)
  }
  return { node: parsedJson(constant(text)), type: JSON_TYPE }
}
