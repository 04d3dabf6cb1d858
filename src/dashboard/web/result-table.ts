/// <reference lib="dom" />
/** A query result as an accessible HTML table (header cells scoped, caption, numbers aligned). */
import type { QueryColumn, QueryValue } from '../../server/api-types.js'
import { isNumeric } from './chart-data.js'
import { h } from './dom.js'
import { formatValue } from './format.js'

export function resultTable(
  caption: string,
  columns: readonly QueryColumn[],
  rows: readonly Record<string, QueryValue>[],
  attrs: Record<string, string> = {},
): HTMLTableElement {
  return h(
    'table',
    { class: 'data', ...attrs },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col', title: c.type }, c.name)))),
    h(
      'tbody',
      {},
      ...rows.map((row) =>
        h(
          'tr',
          {},
          ...columns.map((c) => {
            const value = row[c.name]
            return h(
              'td',
              { class: value === null || value === undefined ? 'null' : isNumeric(c) ? 'num' : false },
              formatValue(value),
            )
          }),
        ),
      ),
    ),
  )
}

/** The table in a wrapper that scrolls sideways on a narrow screen, reachable by keyboard. */
export function scrollable(table: HTMLTableElement, label: string): HTMLDivElement {
  return h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': label }, table)
}
