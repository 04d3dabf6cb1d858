import { coerce, type Typed } from '../analysis/typed.js'
import { call } from '../duck-ast.js'
import { refuse, sqlError } from '../refusal.js'
import { arrayOf, mapOf, type TrinoType } from '../types/trino-type.js'
import type { CallSite } from './call-site.js'
import { type FunctionTable, scalar } from './function-rule.js'

/**
 * Map functions (docs: functions/map.md): `map(keys, values)` (duplicate keys fail in both
 * engines), `map_keys`, `map_values` in the map's order; `cardinality`, `element_at` and `m[k]`
 * are in array.ts and structural.ts.
 */
function map(site: CallSite, i: number): Typed & { type: { kind: 'map'; key: TrinoType; value: TrinoType } } {
  const arg = site.arg(i)
  if (arg.type.kind !== 'map') site.unexpected()
  return arg as never
}

export const MAP_FUNCTIONS: FunctionTable = {
  map: scalar((site) => {
    if (site.argCount === 0) return refuse('map() without arguments', 'build the map from two arrays')
    site.arity(2)
    const [keys, values] = [site.arg(0), site.arg(1)]
    if (keys.type.kind !== 'array' || values.type.kind !== 'array') return site.unexpected()
    if (keys.type.element.kind === 'unknown') sqlError('map keys must not be NULL')
    const type = mapOf(keys.type.element, values.type.element)
    return { node: call('tl_map', [keys.node, coerce(values, arrayOf(values.type.element)).node]), type }
  }),
  map_keys: scalar((site) => {
    site.arity(1)
    const m = map(site, 0)
    return { node: call('map_keys', [m.node]), type: arrayOf(m.type.key) }
  }),
  map_values: scalar((site) => {
    site.arity(1)
    const m = map(site, 0)
    return { node: call('map_values', [m.node]), type: arrayOf(m.type.value) }
  }),
}
