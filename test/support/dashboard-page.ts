import { spawn } from 'node:child_process'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import type { DuckDbEngine } from '../../src/query/engines/duckdb.js'
import type { QueryValue } from '../../src/query/query-engine.js'

const BIN = fileURLToPath(new URL('../../bin/tunelake.js', import.meta.url))
/** Where the browser tests leave a screenshot of each view, as test artefacts. */
const SHOTS = path.resolve('test-results/screenshots')

/** How a process ended: its exit code, or the signal that ended it ('hung' when it had to be killed). */
export interface Ended {
  code: number | null
  signal: NodeJS.Signals | 'hung' | null
}

export interface Served {
  url: string
  stop: (killAfterMs?: number) => Promise<Ended>
}

/** `tunelake serve` as a user starts it, on a free loopback port. */
export async function serve(lake: string, env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', '--lake', lake, '--port', '0'], {
    env: { ...process.env, ...env },
  })
  let stderr = ''
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
      const match = /tunelake dashboard: (http:\/\/\S+)/.exec(out)
      if (match) resolve(match[1]!)
    })
    child.once('exit', (code) => reject(new Error(`tunelake serve exited with ${code}: ${stderr}`)))
  })
  /** SIGTERM, then how the process ended; after `killAfterMs` it is killed and reported hung. */
  const stop = (killAfterMs = 30_000) =>
    new Promise<Ended>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        return resolve({ code: child.exitCode, signal: child.signalCode })
      }
      const hung = setTimeout(() => {
        child.kill('SIGKILL')
        resolve({ code: null, signal: 'hung' })
      }, killAfterMs)
      child.once('exit', (code, signal) => {
        clearTimeout(hung)
        resolve({ code, signal })
      })
      child.kill('SIGTERM')
    })
  return { url, stop }
}

/** A query value as the page prints it in a table cell. */
export function cell(value: QueryValue | undefined): string {
  if (value === null || value === undefined) return 'NULL'
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

export async function sqlRows(engine: DuckDbEngine, sql: string) {
  return (await engine.run(sql)).rows
}

/** The text of every body cell of a table on the page, row by row. */
export async function tableCells(page: Page, selector: string): Promise<string[][]> {
  return page.$$eval(`${selector} tbody tr`, (rows) =>
    rows.map((r) => Array.from((r as HTMLTableRowElement).cells).map((c) => c.textContent ?? '')),
  )
}

export async function shot(page: Page, name: string): Promise<void> {
  await mkdir(SHOTS, { recursive: true })
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true })
}

/** A number as the page prints it (`1,234`). */
export const number = (text: string | null) => Number((text ?? '').replace(/,/g, ''))
