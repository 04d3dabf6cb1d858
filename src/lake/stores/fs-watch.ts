import { type FSWatcher, watch } from 'node:fs'
import { mkdir, readdir, stat } from 'node:fs/promises'

/** How long a file's writes must have settled before it is reported (a rename into place settles at once). */
const SETTLE_MS = 250

/**
 * Reports each file any process puts under `prefix` of a lake folder, by its lake key, once its
 * writes have settled: tunelake's own stores (and rsync) write a temp name and rename it into
 * place, which is one event; a writer that fills a file in place raises events until it stops,
 * and the file is reported `settleMs` after the last one. Temp names (`.tmp-`) are never reported.
 *
 * One `fs.watch` per folder, added as folders appear (a new folder's files are reported too).
 * Node 20's `recursive` mode on Linux watches (and stats, at start) every file as well as every
 * folder, which grows with the raw zone; folders are far fewer. Files present at the start are
 * not reported: the caller's sweep finds what it lacks.
 *
 * @example
 * const stop = await watchFolder(store.localPath.bind(store), 'raw/', (key) => console.log(key))
 */
export async function watchFolder(
  localPath: (key: string) => string,
  prefix: string,
  onFile: (key: string) => void,
  options: { settleMs?: number } = {},
): Promise<() => void> {
  const settleMs = options.settleMs ?? SETTLE_MS
  const watchers = new Map<string, FSWatcher>()
  const settling = new Map<string, NodeJS.Timeout>()
  let closed = false
  const folderPath = (folder: string) => localPath(folder.replace(/\/$/, ''))

  const settle = (key: string) => {
    clearTimeout(settling.get(key))
    settling.set(
      key,
      setTimeout(() => {
        settling.delete(key)
        if (!closed) onFile(key)
      }, settleMs),
    )
  }

  /** Watches a folder and those below it; `report` also reports the files found in them (a new folder). */
  const watchTree = async (folder: string, report: boolean): Promise<void> => {
    if (closed || watchers.has(folder)) return
    let watcher: FSWatcher
    try {
      watcher = watch(folderPath(folder), (_event, name) => {
        if (name) void entryChanged(`${folder}${name}`)
      })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return // gone meanwhile
      throw error
    }
    watcher.on('error', () => {
      watcher.close()
      watchers.delete(folder)
    })
    watchers.set(folder, watcher)
    const entries = await readdir(folderPath(folder), { withFileTypes: true }).catch(() => [])
    for (const entry of entries) {
      const key = `${folder}${entry.name}`
      if (entry.isDirectory()) await watchTree(`${key}/`, report)
      else if (report && entry.isFile() && !isTemp(key)) settle(key)
    }
  }

  const entryChanged = async (key: string): Promise<void> => {
    if (closed || isTemp(key)) return
    const found = await stat(localPath(key)).catch(() => undefined)
    if (found?.isDirectory()) await watchTree(`${key}/`, true)
    else if (found?.isFile()) settle(key)
  }

  await mkdir(folderPath(prefix), { recursive: true })
  await watchTree(prefix, false)
  return () => {
    closed = true
    for (const watcher of watchers.values()) watcher.close()
    for (const timer of settling.values()) clearTimeout(timer)
    watchers.clear()
    settling.clear()
  }
}

function isTemp(key: string): boolean {
  return key.slice(key.lastIndexOf('/') + 1).includes('.tmp-')
}
