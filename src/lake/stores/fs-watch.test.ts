import { mkdir, mkdtemp, open, rename, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { watchFolder } from './fs-watch.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
let stops: (() => void)[] = []

afterEach(() => {
  for (const stop of stops) stop()
  stops = []
})

async function watched(settleMs = 100) {
  const dir = await mkdtemp(path.join(tmpdir(), 'tunelake-watch-'))
  const local = (key: string) => path.join(dir, ...key.split('/'))
  await mkdir(local('raw/old'), { recursive: true })
  await writeFile(local('raw/old/before.json'), 'there before the watch')
  const seen: string[] = []
  stops.push(await watchFolder(local, 'raw/', (key) => seen.push(key), { settleMs }))
  /** Writes as tunelake's stores do: a temp name, renamed into place, new folders and all. */
  const put = async (key: string, body: string) => {
    await mkdir(path.dirname(local(key)), { recursive: true })
    await writeFile(`${local(key)}.tmp-1a2b3c`, body)
    await rename(`${local(key)}.tmp-1a2b3c`, local(key))
  }
  return { dir, local, seen, put }
}

describe('watchFolder', () => {
  it('reports each file renamed into place, in folders made after the watch began, once', async () => {
    const { seen, put } = await watched()
    for (let day = 1; day <= 3; day++) {
      await put(`raw/spotify/playlists/snapshot_date=2026-11-0${day}/abc/run-${day}.json`, `{"day": ${day}}`)
    }
    await put('raw/old/second.json', '{}')
    await sleep(400)
    expect(seen.sort()).toEqual([
      'raw/old/second.json',
      'raw/spotify/playlists/snapshot_date=2026-11-01/abc/run-1.json',
      'raw/spotify/playlists/snapshot_date=2026-11-02/abc/run-2.json',
      'raw/spotify/playlists/snapshot_date=2026-11-03/abc/run-3.json',
    ])
  })

  it('reports a file written in pieces once, after its writes settle', async () => {
    const { seen, local } = await watched(150)
    const file = await open(local('raw/old/slow.json'), 'w')
    await file.write('{"first": "half", ')
    await sleep(80)
    expect(seen).toEqual([])
    await file.write('"second": "half"}')
    await file.close()
    await sleep(350)
    expect(seen).toEqual(['raw/old/slow.json'])
  })

  it('reports nothing after it is closed', async () => {
    const { seen, put } = await watched()
    stops.pop()!()
    await put('raw/old/late.json', '{}')
    await sleep(250)
    expect(seen).toEqual([])
  })
})
