/// <reference lib="dom" />
/** The dashboard page: five views behind hash links (#overview, #charts, #listening, #tables, #sql). */
import type { Overview, TableInfo } from '../../server/api-types.js'
import { getJson } from './api.js'
import { ChartsView } from './charts-view.js'
import { byId, fill, h } from './dom.js'
import { ListeningView } from './listening-view.js'
import { renderOverview } from './overview-view.js'
import { SqlConsole } from './sql-console.js'
import { renderTables } from './tables-view.js'

const VIEWS = ['overview', 'charts', 'listening', 'tables', 'sql'] as const
type View = (typeof VIEWS)[number]
const TITLES: Record<View, string> = {
  overview: 'Overview',
  charts: 'Charts',
  listening: 'Listening',
  tables: 'Tables',
  sql: 'SQL console',
}

let overview: Promise<Overview> | undefined
/** The overview, fetched at most once per showing of the overview view. */
function currentOverview(fresh = false): Promise<Overview> {
  if (fresh || !overview) {
    overview = getJson<Overview>('/api/overview')
    overview.then(showSource, () => {
      overview = undefined
    })
  }
  return overview
}

function showSource(o: Overview): void {
  const badge = byId('source-badge')
  const mode = o.api_modes.length > 0 ? `, ${o.api_modes.join('/')} mode` : ''
  badge.textContent = `${o.data_source === 'synthetic' ? 'Synthetic data' : o.data_source === 'spotify' ? 'Spotify data' : o.data_source === 'mixed' ? 'Mixed data' : 'Source unknown'}${mode}`
  badge.className = `badge ${o.data_source}`
  badge.hidden = false
}

function problem(root: HTMLElement, error: unknown): void {
  fill(
    root,
    h('p', { class: 'banner warn', role: 'alert' }, error instanceof Error ? error.message : String(error)),
  )
}

const charts = new ChartsView()
const listening = new ListeningView()
new SqlConsole()
let first = true

async function load(view: View, sub: string | undefined): Promise<void> {
  if (view === 'overview') {
    const root = byId('overview-body')
    root.setAttribute('aria-busy', 'true')
    await currentOverview(true).then(
      (o) => renderOverview(root, o),
      (e) => problem(root, e),
    )
    root.setAttribute('aria-busy', 'false')
  } else if (view === 'charts') {
    await charts.show()
  } else if (view === 'listening') {
    await listening.show()
  } else if (view === 'tables') {
    const root = byId('tables-body')
    if (!root.dataset.loaded) {
      root.setAttribute('aria-busy', 'true')
      await getJson<TableInfo[]>('/api/tables').then(
        (t) => {
          renderTables(root, t)
          root.dataset.loaded = 'true'
        },
        (e) => problem(root, e),
      )
      root.setAttribute('aria-busy', 'false')
    }
    if (sub) document.getElementById(`table-${sub}`)?.closest('section')?.scrollIntoView()
  }
}

function route(): void {
  const [name, sub] = location.hash.replace(/^#/, '').split('/')
  const view: View = VIEWS.includes(name as View) ? (name as View) : 'overview'
  for (const v of VIEWS) {
    byId(`view-${v}`).hidden = v !== view
    const link = document.querySelector(`a[data-view-link="${v}"]`)
    if (v === view) link?.setAttribute('aria-current', 'page')
    else link?.removeAttribute('aria-current')
  }
  document.title = `${TITLES[view]} · tunelake dashboard`
  if (!first && !sub) byId(`${view}-title`).focus()
  // The header's source badge comes from the overview, fetched after the first view is drawn.
  const drawn = load(view, sub)
  if (first) void drawn.finally(() => currentOverview())
  first = false
}

window.addEventListener('hashchange', route)
route()
