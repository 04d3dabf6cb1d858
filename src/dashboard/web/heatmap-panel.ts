/// <reference lib="dom" />
/** The listening heatmap: a table of weekdays by hours whose cells are shaded by minutes listened. */
import type { InsightResult } from '../../server/api-types.js'
import { fill, h } from './dom.js'
import { formatNumber } from './format.js'
import { heatmapGrid, hourSpan, shade, WEEKDAYS } from './heatmap-grid.js'
import { scrollable } from './result-table.js'

export class HeatmapPanel {
  readonly element: HTMLElement
  readonly #subtitle = h('p', { class: 'subtitle' })
  readonly #message = h('p', { class: 'message', role: 'status' })
  readonly #body = h('div', { class: 'heatmap-body' })

  constructor() {
    this.element = h(
      'figure',
      {
        class: 'panel wide',
        'data-testid': 'listening-heatmap',
        'aria-labelledby': 'listening-heatmap-title',
      },
      h(
        'figcaption',
        {},
        h('h3', { id: 'listening-heatmap-title' }, 'When you listen: minutes by weekday and hour'),
        this.#subtitle,
      ),
      this.#message,
      this.#body,
    )
    this.setState('loading', 'Loading…')
  }

  setSubtitle(text: string): void {
    this.#subtitle.textContent = text
  }

  setState(state: 'loading' | 'ready' | 'empty' | 'error', message = ''): void {
    this.element.dataset.state = state
    this.element.setAttribute('aria-busy', String(state === 'loading'))
    this.#message.textContent = message
    this.#message.hidden = message === ''
    if (state !== 'ready') this.#body.replaceChildren()
  }

  show(result: InsightResult, zone: string): void {
    const grid = heatmapGrid(result.rows)
    if (!grid.busiest) {
      this.setState('empty', 'No listening in these dates.')
      return
    }
    this.setState('ready')
    const { busiest } = grid
    const header = h(
      'tr',
      {},
      h('td', {}),
      ...Array.from({ length: 24 }, (_, hour) =>
        h('th', { scope: 'col', abbr: hourSpan(hour) }, String(hour).padStart(2, '0')),
      ),
    )
    const rows = WEEKDAYS.map((day, d) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row', abbr: day }, day.slice(0, 3)),
        ...grid.minutes[d]!.map((minutes, hour) =>
          h(
            'td',
            {
              class: `heat-${shade(minutes, grid.max)}`,
              title: `${day} ${hourSpan(hour)}: ${formatNumber(minutes)} minutes, ${grid.plays[d]![hour]} plays`,
            },
            minutes > 0 ? formatNumber(Math.round(minutes)) : '',
          ),
        ),
      ),
    )
    const table = h(
      'table',
      { class: 'heatmap', 'data-testid': 'listening-heatmap-table' },
      h('caption', {}, `Minutes listened by weekday and hour, ${zone} time`),
      h('thead', {}, header),
      h('tbody', {}, ...rows),
    )
    fill(
      this.#body,
      h(
        'p',
        { class: 'highlight', 'data-testid': 'listening-heatmap-busiest' },
        `Busiest hour: ${WEEKDAYS[busiest.weekday - 1]} ${hourSpan(busiest.hour)}, ${formatNumber(busiest.minutes)} minutes in these dates.`,
      ),
      scrollable(table, 'Listening heatmap'),
    )
  }
}
