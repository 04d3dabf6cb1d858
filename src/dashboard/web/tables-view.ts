/// <reference lib="dom" />
/** The tables view: every catalog table with its columns, types, partitions and row count. */
import type { TableInfo } from '../../server/api-types.js'
import { fill, h } from './dom.js'
import { formatNumber } from './format.js'

export function renderTables(root: HTMLElement, tables: TableInfo[]): void {
  if (tables.length === 0) {
    fill(
      root,
      h('p', {}, 'The catalog has no tables yet: run tunelake demo, or tunelake run then tunelake crawl.'),
    )
    return
  }
  fill(
    root,
    h(
      'nav',
      { 'aria-label': 'Tables', class: 'toc' },
      h(
        'ul',
        { class: 'toc-list' },
        ...tables.map((t) => h('li', {}, h('a', { href: `#tables/${t.name}` }, t.name))),
      ),
    ),
    ...tables.map(tableSection),
  )
}

function tableSection(t: TableInfo): HTMLElement {
  const titleId = `table-${t.name}`
  const keys = new Set(t.partition_keys.map((k) => k.name))
  const columns = [...t.columns, ...t.partition_keys]
  return h(
    'section',
    { class: 'panel table-info', 'aria-labelledby': titleId, 'data-testid': `table-${t.name}` },
    h('h3', { id: titleId }, t.name),
    h(
      'p',
      { class: 'subtitle' },
      h('span', { 'data-testid': `table-${t.name}-rows` }, `${formatNumber(t.rows)} rows`),
      ` · ${formatNumber(t.partition_count)} partition${t.partition_count === 1 ? '' : 's'} · schema version ${t.version}`,
      t.updated_at ? ` · updated ${t.updated_at.slice(0, 19).replace('T', ' ')} UTC` : '',
    ),
    h('p', { class: 'location' }, h('code', {}, t.location)),
    h(
      'div',
      { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': `${t.name} columns` },
      h(
        'table',
        { class: 'data' },
        h('caption', {}, `Columns of ${t.name}`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'column'),
            h('th', { scope: 'col' }, 'type'),
            h('th', { scope: 'col' }, 'role'),
          ),
        ),
        h(
          'tbody',
          {},
          ...columns.map((c) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, c.name),
              h('td', {}, h('code', {}, c.type)),
              h('td', {}, keys.has(c.name) ? 'partition key' : (c.comment ?? '')),
            ),
          ),
        ),
      ),
    ),
    h(
      'details',
      {},
      h(
        'summary',
        {},
        `Partitions (${formatNumber(t.partition_count)}${t.partition_count > t.partitions.length ? `, newest ${t.partitions.length} shown` : ''})`,
      ),
      h(
        'ul',
        { class: 'partitions' },
        ...t.partitions.map((p) =>
          h('li', {}, t.partition_keys.map((k, i) => `${k.name}=${p.values[i] ?? ''}`).join('/')),
        ),
      ),
    ),
  )
}
