import { AGGREGATE_FUNCTIONS } from './aggregate.js'
import { ARRAY_FUNCTIONS } from './array.js'
import { CONDITIONAL_FUNCTIONS } from './conditional.js'
import { DATETIME_FUNCTIONS } from './datetime.js'
import { FORMAT_FUNCTIONS } from './format.js'
import type { FunctionTable } from './function-rule.js'
import { JSON_FUNCTIONS } from './json.js'
import { MAP_FUNCTIONS } from './map.js'
import { MATH_FUNCTIONS } from './math.js'
import { REGEXP_FUNCTIONS } from './regexp.js'
import { STRING_FUNCTIONS } from './string.js'

export { SYNTAX } from './syntax.js'

/**
 * Every Trino function the local engine answers, by name: the allow-list. One family per file;
 * a function's rule is in the file of its family in Trino's reference.
 */
export const FUNCTIONS: FunctionTable = {
  ...MATH_FUNCTIONS,
  ...STRING_FUNCTIONS,
  ...REGEXP_FUNCTIONS,
  ...DATETIME_FUNCTIONS,
  ...ARRAY_FUNCTIONS,
  ...MAP_FUNCTIONS,
  ...JSON_FUNCTIONS,
  ...CONDITIONAL_FUNCTIONS,
  ...FORMAT_FUNCTIONS,
  ...AGGREGATE_FUNCTIONS,
}
