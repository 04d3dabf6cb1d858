import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { listAll } from '../lake/object-store.js'
import { FsObjectStore } from '../lake/stores/fs.js'
import { RunInterruptedError } from './run-ledger.js'
import { stoppableStore } from './stoppable-store.js'

async function store() {
  return new FsObjectStore(await mkdtemp(path.join(tmpdir(), 'tunelake-views-')))
}

describe('stoppableStore', () => {
  it('refuses new raw objects once stopped, but lets other writes and writes under way finish', async () => {
    const lake = await store()
    const stop = new AbortController()
    const view = stoppableStore(lake, stop.signal)
    const underWay = view.store.put('raw/spotify/a.json', '{}')
    stop.abort()
    await expect(view.store.put('raw/spotify/b.json', '{}')).rejects.toThrow(RunInterruptedError)
    await view.store.put('_runs/r.json', '{}') // the run's record is still written
    await view.idle()
    await underWay
    expect((await listAll(lake, '')).map((o) => o.key)).toEqual(['_runs/r.json', 'raw/spotify/a.json'])
  })
})
