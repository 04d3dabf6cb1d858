import { call, constant, type Expr } from '../duck-ast.js'

/** A TIMESTAMP as Trino prints a `timestamp(p)`: `2020-01-02 03:04:05` and `p` fraction digits. */
export function timestampText(node: Expr, precision: number): Expr {
  const seconds = call('strftime', [node, constant('%Y-%m-%d %H:%M:%S')])
  if (precision === 0) return seconds
  const fraction = call('left', [call('strftime', [node, constant('%f')]), constant(precision)])
  return call('concat', [seconds, constant('.'), fraction])
}
