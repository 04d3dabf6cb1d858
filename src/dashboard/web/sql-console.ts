/// <reference lib="dom" />
/** The SQL console: one read-only SELECT, paged results, errors shown plainly, CSV download. */
import type { SqlResult } from '../../server/api-types.js'
import { ApiFailure, postJson } from './api.js'
import { toCsv } from './csv.js'
import { byId, fill } from './dom.js'
import { formatNumber } from './format.js'
import { resultTable, scrollable } from './result-table.js'

export const PAGE_SIZE = 50

export class SqlConsole {
  readonly #input = byId<HTMLTextAreaElement>('sql-input')
  readonly #run = byId<HTMLButtonElement>('sql-run')
  readonly #csv = byId<HTMLButtonElement>('sql-csv')
  readonly #error = byId('sql-error')
  readonly #status = byId('sql-status')
  readonly #result = byId('sql-result')
  readonly #pager = byId('sql-pager')
  readonly #prev = byId<HTMLButtonElement>('sql-prev')
  readonly #next = byId<HTMLButtonElement>('sql-next')
  readonly #page = byId('sql-page')
  #last: SqlResult | undefined
  #pageIndex = 0

  constructor() {
    byId('sql-form').addEventListener('submit', (event) => {
      event.preventDefault()
      void this.run()
    })
    this.#input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault()
        void this.run()
      }
    })
    this.#prev.addEventListener('click', () => this.#showPage(this.#pageIndex - 1))
    this.#next.addEventListener('click', () => this.#showPage(this.#pageIndex + 1))
    this.#csv.addEventListener('click', () => this.#download())
  }

  async run(): Promise<void> {
    const sql = this.#input.value
    if (sql.trim() === '') {
      this.#fail('Write a SELECT query first.')
      return
    }
    this.#run.disabled = true
    this.#result.setAttribute('aria-busy', 'true')
    this.#status.textContent = 'Running…'
    try {
      const result = await postJson<SqlResult>('/api/sql', { sql })
      this.#last = result
      this.#error.hidden = true
      this.#error.textContent = ''
      this.#csv.disabled = false
      const cut = result.truncated ? ' The result was cut at the row limit: add a LIMIT or aggregate.' : ''
      this.#status.textContent = `${formatNumber(result.rows.length)} row${result.rows.length === 1 ? '' : 's'} in ${formatNumber(result.elapsed_ms)} ms.${cut}`
      this.#showPage(0)
    } catch (error) {
      const refused = error instanceof ApiFailure && error.kind === 'refused'
      this.#fail(`${refused ? 'Refused: ' : ''}${error instanceof Error ? error.message : String(error)}`)
    } finally {
      this.#run.disabled = false
      this.#result.setAttribute('aria-busy', 'false')
    }
  }

  #fail(message: string): void {
    this.#last = undefined
    this.#csv.disabled = true
    this.#status.textContent = ''
    this.#error.textContent = message
    this.#error.hidden = false
    this.#result.replaceChildren()
    this.#pager.hidden = true
  }

  #showPage(index: number): void {
    const result = this.#last
    if (!result) return
    const pages = Math.max(1, Math.ceil(result.rows.length / PAGE_SIZE))
    this.#pageIndex = Math.min(Math.max(0, index), pages - 1)
    const start = this.#pageIndex * PAGE_SIZE
    const rows = result.rows.slice(start, start + PAGE_SIZE)
    const caption = `Query result, rows ${formatNumber(rows.length === 0 ? 0 : start + 1)} to ${formatNumber(start + rows.length)} of ${formatNumber(result.rows.length)}`
    fill(this.#result, scrollable(resultTable(caption, result.columns, rows), 'Query result'))
    this.#pager.hidden = pages <= 1
    this.#prev.disabled = this.#pageIndex === 0
    this.#next.disabled = this.#pageIndex >= pages - 1
    this.#page.textContent = `Page ${this.#pageIndex + 1} of ${pages}`
  }

  #download(): void {
    if (!this.#last) return
    const blob = new Blob([toCsv(this.#last.columns, this.#last.rows)], { type: 'text/csv;charset=utf-8' })
    const url = URL.createObjectURL(blob)
    const link = document.createElement('a')
    link.href = url
    link.download = 'tunelake-query.csv'
    document.body.append(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }
}
