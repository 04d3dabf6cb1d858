/// <reference lib="dom" />
/** The overview: freshness, last runs and their outcome, rows per table, quarantine, source, API mode. */
import type { Overview, RunSummary } from '../../server/api-types.js'
import { CAPABILITY_WORDS } from './chart-specs.js'
import { fill, h } from './dom.js'
import { daysSince, formatNumber, timeAgo } from './format.js'

const SOURCE_WORDS: Record<Overview['data_source'], string> = {
  synthetic: 'Synthetic (built-in emulator)',
  spotify: 'Spotify Web API',
  mixed: 'Mixed: synthetic and Spotify',
  unknown: 'Unknown (no run records)',
}

function stat(testid: string, label: string, value: string, note = ''): HTMLElement {
  return h(
    'div',
    { class: 'stat', 'data-testid': testid },
    h('dt', {}, label),
    h('dd', {}, h('span', { class: 'value' }, value), note ? h('span', { class: 'note' }, note) : null),
  )
}

export function renderOverview(root: HTMLElement, o: Overview): void {
  const lastRun = o.last_run
  const age = o.latest_snapshot ? daysSince(o.latest_snapshot) : null
  const lacking = (Object.keys(o.capabilities) as (keyof Overview['capabilities'])[]).filter(
    (c) => !o.capabilities[c],
  )
  const totalRows = o.tables.reduce((sum, t) => sum + (t.rows ?? 0), 0)
  fill(
    root,
    o.data_source === 'synthetic' || o.data_source === 'mixed'
      ? h(
          'p',
          { class: 'banner', 'data-testid': 'synthetic-banner' },
          'Synthetic data: this lake was filled from tunelake’s built-in Spotify emulator, not from Spotify.',
        )
      : null,
    ...o.problems.map((p) => h('p', { class: 'banner warn', role: 'alert' }, p)),
    h(
      'dl',
      { class: 'stats' },
      stat(
        'stat-freshness',
        'Latest snapshot',
        o.latest_snapshot ?? 'none',
        age === null ? 'no data yet' : age <= 0 ? 'today' : `${age} day${age === 1 ? '' : 's'} old`,
      ),
      stat(
        'stat-last-run',
        'Last run',
        lastRun ? lastRun.outcome : 'none',
        lastRun
          ? `${timeAgo(lastRun.ended_at ?? lastRun.started_at)} · ${formatNumber(o.run_count)} runs in all`
          : 'no run records',
      ),
      stat('stat-last-success', 'Last successful run', timeAgo(o.last_success_at)),
      stat('stat-rows', 'Rows', formatNumber(totalRows), `${o.tables.length} tables`),
      stat(
        'stat-quarantine',
        'Quarantined objects',
        formatNumber(o.quarantine.count),
        o.quarantine.count > 0 ? 'see below' : 'none',
      ),
      stat('stat-source', 'Data source', SOURCE_WORDS[o.data_source]),
      stat('stat-api-mode', 'API mode', o.api_modes.length > 0 ? o.api_modes.join(', ') : 'unknown'),
    ),
    lacking.length > 0
      ? h(
          'p',
          { class: 'note-line', 'data-testid': 'lacking-fields' },
          `This lake has no ${lacking.map((c) => CAPABILITY_WORDS[c]).join(', ')}${o.api_modes.includes('development') ? ': development-mode Spotify apps no longer receive them' : ''}. The charts that need them say so.`,
        )
      : null,
    h('h3', {}, 'Rows per table'),
    tablesTable(o),
    h('h3', {}, 'Last runs'),
    o.runs.length > 0 ? runsTable(o.runs) : h('p', {}, 'No run records in _runs/ yet.'),
    h('h3', {}, 'Quarantined objects'),
    o.quarantine.count === 0
      ? h('p', { 'data-testid': 'quarantine-none' }, 'None: every raw object was transformed.')
      : h(
          'ul',
          { class: 'quarantine', 'data-testid': 'quarantine-list' },
          ...o.quarantine.items.map((q) => h('li', {}, h('code', {}, q.key), ': ', q.reason)),
          o.quarantine.count > o.quarantine.items.length
            ? h('li', {}, `and ${o.quarantine.count - o.quarantine.items.length} more`)
            : null,
        ),
    h('p', { class: 'footnote' }, `Lake ${o.lake}, database ${o.database}.`),
  )
}

function tablesTable(o: Overview): HTMLElement {
  return h(
    'div',
    { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'Rows per table' },
    h(
      'table',
      { class: 'data', 'data-testid': 'overview-tables' },
      h('caption', {}, 'Rows and partitions of each catalog table'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'table'),
          h('th', { scope: 'col' }, 'rows'),
          h('th', { scope: 'col' }, 'partitions'),
        ),
      ),
      h(
        'tbody',
        {},
        ...o.tables.map((t) =>
          h(
            'tr',
            { 'data-table': t.name },
            h('th', { scope: 'row' }, t.name),
            h('td', { class: 'num', 'data-testid': `rows-${t.name}` }, formatNumber(t.rows)),
            h('td', { class: 'num', 'data-testid': `partitions-${t.name}` }, formatNumber(t.partitions)),
          ),
        ),
      ),
    ),
  )
}

function runsTable(runs: RunSummary[]): HTMLElement {
  const headers = [
    'started',
    'snapshot date',
    'trigger',
    'outcome',
    'source',
    'API mode',
    'raw objects',
    'errors',
  ]
  return h(
    'div',
    { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'Last runs' },
    h(
      'table',
      { class: 'data', 'data-testid': 'overview-runs' },
      h('caption', {}, 'The most recent runs, newest first'),
      h('thead', {}, h('tr', {}, ...headers.map((t) => h('th', { scope: 'col' }, t)))),
      h(
        'tbody',
        {},
        ...runs.map((r) =>
          h(
            'tr',
            { 'data-run': r.run_id },
            h(
              'td',
              {},
              r.started_at
                ? h('time', { datetime: r.started_at, title: r.started_at }, timeAgo(r.started_at))
                : '—',
            ),
            h('td', {}, r.snapshot_date ?? '—'),
            h('td', {}, r.trigger ?? '—'),
            h('td', { class: `outcome ${r.outcome}` }, r.outcome),
            h('td', {}, r.synthetic === null ? '—' : r.synthetic ? 'synthetic' : 'Spotify'),
            h('td', {}, r.api_mode ?? '—'),
            h('td', { class: 'num' }, formatNumber(r.raw_objects)),
            h('td', {}, r.errors.length === 0 ? 'none' : r.errors.slice(0, 3).join('; ')),
          ),
        ),
      ),
    ),
  )
}
