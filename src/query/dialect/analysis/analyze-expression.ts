import type { Expr } from '../duck-ast.js'
import { analyzeArithmetic } from '../expressions/arithmetic.js'
import { analyzeCast } from '../expressions/casts.js'
import { analyzeColumn } from '../expressions/columns.js'
import { analyzeBetween, analyzeComparison, analyzeIn } from '../expressions/comparison.js'
import { analyzeCase } from '../expressions/conditional.js'
import { analyzeConstant } from '../expressions/constants.js'
import { analyzeConjunction, analyzeIsNull, analyzeNot } from '../expressions/logical.js'
import { analyzeArrayConstructor, analyzeStructExtract, analyzeSubscript } from '../expressions/structural.js'
import { analyzeSubquery } from '../expressions/subquery.js'
import { analyzeWindow } from '../expressions/window.js'
import { analyzeCall } from '../functions/call.js'
import { refuse, sqlError } from '../refusal.js'
import type { Analyzer } from './analyzer.js'
import type { Scope } from './scope.js'
import type { Typed } from './typed.js'

/** One expression: dispatched by its parse-tree class to the rule for it. */
export function analyzeExpression(an: Analyzer, node: Expr, scope: Scope): Typed {
  switch (node.class) {
    case 'CONSTANT':
      return analyzeConstant(an, node)
    case 'COLUMN_REF':
      return analyzeColumn(node, scope)
    case 'CAST':
      return analyzeCast(an, node, scope)
    case 'FUNCTION':
      return node.is_operator ? analyzeArithmetic(an, node, scope) : analyzeCall(an, node, scope)
    case 'COMPARISON':
      return analyzeComparison(an, node, scope)
    case 'CONJUNCTION':
      return analyzeConjunction(an, node, scope)
    case 'BETWEEN':
      return analyzeBetween(an, node, scope)
    case 'CASE':
      return analyzeCase(an, node, scope)
    case 'SUBQUERY':
      return analyzeSubquery(an, node, scope)
    case 'WINDOW':
      return analyzeWindow(an, node, scope)
    case 'OPERATOR':
      return analyzeOperator(an, node, scope)
    case 'LAMBDA':
      return sqlError('a lambda expression is allowed only as a function argument')
    case 'STAR':
      return sqlError('* is allowed only in a select list or count(*)')
    case 'COLLATE':
      return sqlError('COLLATE is not Athena SQL')
    case 'PARAMETER':
      return sqlError('a ? placeholder has no value; pass one with --param')
    case 'POSITIONAL_REFERENCE':
      return sqlError('#n column references are not Athena SQL')
    default:
      return refuse(`the expression ${node.class}`, 'write it another way, or run the query on Athena')
  }
}

function analyzeOperator(an: Analyzer, node: Expr, scope: Scope): Typed {
  switch (node.type) {
    case 'OPERATOR_NOT':
      return analyzeNot(an, node, scope)
    case 'OPERATOR_IS_NULL':
    case 'OPERATOR_IS_NOT_NULL':
      return analyzeIsNull(an, node, scope)
    case 'COMPARE_IN':
    case 'COMPARE_NOT_IN':
      return analyzeIn(an, node, scope)
    case 'ARRAY_EXTRACT':
      return analyzeSubscript(an, node, scope)
    case 'STRUCT_EXTRACT':
      return analyzeStructExtract(an, node, scope)
    case 'ARRAY_CONSTRUCTOR':
      return analyzeArrayConstructor(an, node, scope)
    case 'OPERATOR_COALESCE':
      return analyzeCall(
        an,
        { ...node, class: 'FUNCTION', function_name: 'coalesce', schema: '', is_operator: false },
        scope,
      )
    case 'ARRAY_SLICE':
      return sqlError('a[i:j] slices are not Athena SQL; use slice(a, start, length)')
    case 'OPERATOR_TRY':
      return refuse('try()', 'guard the expression with CASE or use try_cast')
    case 'OPERATOR_UNPACK':
      return sqlError('*expr unpacking is not Athena SQL')
    default:
      return refuse(`the operator ${node.type}`, 'write it another way, or run the query on Athena')
  }
}
