import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Browser, BrowserContext } from 'playwright-core'

/** Debian's Chromium (`apt-get install chromium`); playwright's own browser downloads fail here. */
export const CHROMIUM_PATH = '/usr/bin/chromium'

/** Headless, offline: no background traffic, and no host but 127.0.0.1 resolves. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
]

/** Headless Chromium for the bench (a fresh context per page load gives a cold cache). */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core')
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS })
}

/** Headless Chromium with a fresh profile folder (`--user-data-dir`), for the browser tests. */
export async function launchChromiumProfile(): Promise<BrowserContext> {
  const { chromium } = await import('playwright-core')
  return chromium.launchPersistentContext(await mkdtemp(path.join(tmpdir(), 'tunelake-chromium-')), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: CHROMIUM_ARGS,
  })
}
