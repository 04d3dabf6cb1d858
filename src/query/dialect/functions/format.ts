import type { Typed } from '../analysis/typed.js'
import { call, cast, constant, type Expr } from '../duck-ast.js'
import { castValue } from '../expressions/casts.js'
import { refuse, sqlError } from '../refusal.js'
import { duckTypeOf } from '../types/duck-type.js'
import { DOUBLE, isIntegral, VARCHAR } from '../types/trino-type.js'
import { type FunctionTable, scalar } from './function-rule.js'

/**
 * `format(format, args...)` (docs: functions/conversion.md): Java's Formatter for the
 * specifiers whose output the local engine reproduces: `%s` of strings, integers, decimals,
 * booleans and dates, `%d` of integers, `%.Nf` of numbers (rounded half up, as Java does), with a
 * width and the `-` and `0` flags, and `%%`. Anything else (`%,d`, `%2$s`, `%tA`, `%s` of a double)
 * is refused.
 */
const SPEC = /%(-?0?)(\d+)?(?:\.(\d+))?([sdf%n])/y

export const FORMAT_FUNCTIONS: FunctionTable = {
  format: scalar((site) => {
    if (site.argCount < 1) sqlError('format() needs a format')
    const fmt = site.arg(0).literal
    if (typeof fmt !== 'string')
      return refuse('format() with a computed format', 'write the format as a string literal')
    const pieces: Expr[] = []
    let next = 1
    let literal = ''
    for (let i = 0; i < fmt.length; i++) {
      if (fmt[i] !== '%') {
        literal += fmt[i]
        continue
      }
      SPEC.lastIndex = i
      const match = SPEC.exec(fmt)
      if (!match) return refuse(`the format specifier ${fmt.slice(i, i + 4)}`, 'use %s, %d or %.Nf')
      i = SPEC.lastIndex - 1
      const [, flags = '', width, precision, conversion] = match
      if (conversion === '%') {
        literal += '%'
        continue
      }
      if (conversion === 'n') {
        literal += '\n'
        continue
      }
      if (literal) pieces.push(constant(literal))
      literal = ''
      if (next >= site.argCount) sqlError(`Format specifier '${match[0]}' has no argument`)
      pieces.push(formatted(site.arg(next++), flags, width, precision, conversion!))
    }
    if (literal || pieces.length === 0) pieces.push(constant(literal))
    return { node: pieces.length === 1 ? pieces[0]! : call('concat', pieces), type: VARCHAR }
  }),
}

function formatted(
  arg: Typed,
  flags: string,
  width: string | undefined,
  precision: string | undefined,
  conversion: string,
): Expr {
  const kind = arg.type.kind
  if (kind === 'unknown') return constant('null')
  if (conversion === 'f') {
    if (!(isIntegral(arg.type) || kind === 'decimal' || kind === 'double' || kind === 'real')) {
      refuse(`%f of ${kind}`, 'format numbers with %f')
    }
    const digits = Number(precision ?? 6)
    const value = castValue(arg, DOUBLE).node
    return call('printf', [
      constant(`%${flags}${width ?? ''}.${digits}f`),
      call('round', [value, constant(digits)]),
    ])
  }
  if (conversion === 'd') {
    if (!isIntegral(arg.type)) sqlError(`%d needs an integer, not ${kind}`)
    if (precision) sqlError('%d takes no precision')
    return call('printf', [
      constant(`%${flags}${width ?? ''}d`),
      cast(arg.node, duckTypeOf({ kind: 'bigint' })),
    ])
  }
  if (kind === 'double' || kind === 'real' || kind === 'timestamp' || kind === 'timestamptz') {
    refuse(`%s of a ${kind}`, 'cast it to varchar or format it with %.Nf')
  }
  if (flags.includes('0') || precision) refuse('%s with the 0 flag or a precision', 'use %s')
  const shown = call('ifnull', [castValue(arg, VARCHAR).node, constant('null')])
  if (!width) return shown
  const size = cast(
    call('greatest', [call('length', [shown]), constant(Number(width))]),
    duckTypeOf({ kind: 'integer' }),
  )
  return call(flags.includes('-') ? 'rpad' : 'lpad', [shown, size, constant(' ')])
}
