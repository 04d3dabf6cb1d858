import { readdir, readFile } from 'node:fs/promises'
import { TunelakeError } from '../errors.js'

/** The named insight queries shipped in `insights/` (Athena-dialect SQL with `{{param}}` slots). */
const INSIGHTS_DIR = new URL('../../insights/', import.meta.url)

export class InsightError extends TunelakeError {
  readonly retryable = false
}

export interface Insight {
  name: string
  description: string
  params: string[]
  sql: string
}

export async function listInsights(): Promise<Insight[]> {
  const files = (await readdir(INSIGHTS_DIR)).filter((f) => f.endsWith('.sql')).sort()
  return Promise.all(files.map((f) => loadInsight(f.slice(0, -'.sql'.length))))
}

export async function loadInsight(name: string): Promise<Insight> {
  if (!/^[a-z0-9_]+$/.test(name))
    throw new InsightError(`unknown insight ${name}; run tunelake insights to list them`)
  let sql: string
  try {
    sql = await readFile(new URL(`${name}.sql`, INSIGHTS_DIR), 'utf8')
  } catch {
    throw new InsightError(`unknown insight ${name}; run tunelake insights to list them`)
  }
  const description = /^--\s*(.*)$/m.exec(sql)?.[1] ?? name
  const params = [...new Set([...sql.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!))]
  return { name, description, params, sql }
}

/** The insight's SQL with each `{{param}}` replaced by a quoted string literal. */
export function renderInsight(insight: Insight, values: Readonly<Record<string, string>>): string {
  return insight.sql.replace(/\{\{(\w+)\}\}/g, (_, param: string) => {
    const value = values[param]
    if (value === undefined) {
      throw new InsightError(`insight ${insight.name} needs --param ${param}=<value>`)
    }
    return `'${value.replace(/'/g, "''")}'`
  })
}
