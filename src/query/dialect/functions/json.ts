import { coerce } from '../analysis/typed.js'
import { call, constant } from '../duck-ast.js'
import { refuse } from '../refusal.js'
import { VARCHAR } from '../types/trino-type.js'
import { type FunctionTable, scalar } from './function-rule.js'

/**
 * JSON functions (docs: functions/json.md) on JSON text with a literal JSON path:
 * `json_extract_scalar` gives a scalar's text and NULL for an object or array.
 */
export const JSON_FUNCTIONS: FunctionTable = {
  json_extract_scalar: scalar((site) => {
    site.arity(2)
    const source = site.arg(0)
    if (source.type.kind !== 'varchar' && source.type.kind !== 'json') site.unexpected()
    const path = site.arg(1)
    if (typeof path.literal !== 'string')
      refuse('json_extract_scalar() with a computed path', 'write the path as a literal')
    const text = coerce(
      { ...source, type: source.type.kind === 'json' ? VARCHAR : source.type },
      VARCHAR,
    ).node
    const node = call('tl_json_scalar', [text, constant(path.literal)])
    return { node, type: VARCHAR }
  }),
}
