/// <reference lib="dom" />
/** A panel that is a table: an insight's rows as they come, with a title and what they cover. */
import type { InsightResult } from '../../server/api-types.js'
import { fill, h } from './dom.js'
import { resultTable, scrollable } from './result-table.js'

export class TablePanel {
  readonly element: HTMLElement
  readonly #subtitle = h('p', { class: 'subtitle' })
  readonly #message = h('p', { class: 'message', role: 'status' })
  readonly #body = h('div', {})

  constructor(
    readonly id: string,
    readonly insight: string,
    readonly title: string,
    /** Rows shown at most; the count of the rest is said. */
    private readonly limit = 20,
  ) {
    const titleId = `${id}-title`
    this.element = h(
      'figure',
      { class: 'panel', 'data-testid': id, 'data-insight': insight, 'aria-labelledby': titleId },
      h('figcaption', {}, h('h3', { id: titleId }, title), this.#subtitle),
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

  show(result: InsightResult, empty: string): void {
    if (result.rows.length === 0) {
      this.setState('empty', empty)
      return
    }
    const shown = result.rows.slice(0, this.limit)
    const rest = result.rows.length - shown.length
    this.setState('ready', rest > 0 ? `The first ${shown.length} of ${result.rows.length} are shown.` : '')
    fill(
      this.#body,
      scrollable(
        resultTable(`${this.title}: ${result.description}`, result.columns, shown, {
          'data-testid': `${this.id}-table`,
        }),
        `${this.title} table`,
      ),
    )
  }
}
