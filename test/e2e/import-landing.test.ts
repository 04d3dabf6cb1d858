import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { importSpotifyExport } from '../../src/import/import-export.js'
import { listAll } from '../../src/lake/object-store.js'
import type { ExportObject } from '../../src/spotify-export/export-object.js'
import { EXAMPLE_FILES, exampleRows, exportFolder, zipFolder } from '../support/spotify-export-files.js'
import { tempLake } from '../support/temp-lake.js'

/** Every file of a lake folder with its content, keyed by path. */
async function lakeFiles(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const file = path.join(entry.parentPath, entry.name)
    out[path.relative(dir, file)] = await readFile(file, 'utf8')
  }
  return out
}

async function objects(store: Awaited<ReturnType<typeof tempLake>>['store']): Promise<ExportObject[]> {
  const out: ExportObject[] = []
  for (const info of await listAll(store, 'raw/spotify/streaming_history/')) {
    out.push(JSON.parse(new TextDecoder().decode(await store.get(info.key))) as ExportObject)
  }
  return out
}

describe('import spotify-export: landing', () => {
  it('finds the listening files of every shape in a zip laid out as Spotify sends it, and lands their streams by month', async () => {
    const folder = await exportFolder({
      [`Spotify Extended Streaming History/${EXAMPLE_FILES.audio}`]: EXAMPLE_FILES.audio,
      'Spotify Extended Streaming History/ReadMeFirst_ExtendedStreamingHistory.pdf': [],
      [`Spotify Account Data/${EXAMPLE_FILES.music}`]: EXAMPLE_FILES.music,
      [`Spotify Account Data/${EXAMPLE_FILES.podcast}`]: EXAMPLE_FILES.podcast,
      'Spotify Account Data/YourLibrary.json': [],
      [`MyData/${EXAMPLE_FILES.endsong}`]: EXAMPLE_FILES.endsong,
    })
    const { store } = await tempLake('import-zip')
    const report = await importSpotifyExport(store, await zipFolder(folder))
    expect(report.found.map((f) => [f.path, f.stream, f.streams])).toEqual([
      [`MyData/${EXAMPLE_FILES.endsong}`, 'extended-audio', 3],
      [`Spotify Account Data/${EXAMPLE_FILES.music}`, 'account-music', 4],
      [`Spotify Account Data/${EXAMPLE_FILES.podcast}`, 'account-podcast', 2],
      [`Spotify Extended Streaming History/${EXAMPLE_FILES.audio}`, 'extended-audio', 9],
    ])
    expect(report.skipped).toEqual([
      { path: 'Spotify Account Data/YourLibrary.json', reason: 'not a listening file' },
      {
        path: 'Spotify Extended Streaming History/ReadMeFirst_ExtendedStreamingHistory.pdf',
        reason: 'not a listening file',
      },
    ])
    expect(report.streams).toBe(18)
    expect(report.comparison).toMatchObject({ fresh: 18, inLake: 0, duplicates: 0 })
    expect(report.months).toEqual(['2019-06-01', '2020-03-01', '2021-11-01', '2024-12-01', '2025-01-01'])
    expect(report.rawKeys.map((key) => key.replace(report.runId, 'RUN'))).toEqual([
      'raw/spotify/streaming_history/snapshot_date=2019-06-01/extended-audio/RUN-0000.json',
      'raw/spotify/streaming_history/snapshot_date=2020-03-01/extended-audio/RUN-0000.json',
      'raw/spotify/streaming_history/snapshot_date=2021-11-01/extended-audio/RUN-0000.json',
      'raw/spotify/streaming_history/snapshot_date=2024-12-01/account-music/RUN-0000.json',
      'raw/spotify/streaming_history/snapshot_date=2024-12-01/account-podcast/RUN-0000.json',
      'raw/spotify/streaming_history/snapshot_date=2024-12-01/extended-audio/RUN-0000.json',
      'raw/spotify/streaming_history/snapshot_date=2025-01-01/account-music/RUN-0000.json',
      'raw/spotify/streaming_history/snapshot_date=2025-01-01/account-podcast/RUN-0000.json',
      'raw/spotify/streaming_history/snapshot_date=2025-01-01/extended-audio/RUN-0000.json',
    ])
    const december = (await objects(store)).find(
      (o) => o.snapshot_date === '2024-12-01' && o.source_id === 'extended-audio',
    )!
    const audio = await exampleRows(EXAMPLE_FILES.audio)
    const { ip_addr: _ip, ...firstWithoutIp } = audio[0]!
    expect(december.rows[0]).toEqual(firstWithoutIp) // every other key and value as the file had it
    expect(december.rows).toHaveLength(5)
    expect(december.files).toEqual([`Spotify Extended Streaming History/${EXAMPLE_FILES.audio}`])
  })

  it('drops the user name, IP address and user agent before anything is written, unless asked to keep them', async () => {
    const folder = await exportFolder({
      [EXAMPLE_FILES.endsong]: EXAMPLE_FILES.endsong,
      [EXAMPLE_FILES.audio]: EXAMPLE_FILES.audio,
    })
    const dropped = await tempLake('import-pii')
    await importSpotifyExport(dropped.store, folder)
    const text = Object.values(await lakeFiles(dropped.dir)).join('\n')
    for (const personal of [
      'example_user_01',
      '192.0.2.',
      '198.51.100.',
      '2001:db8:',
      'Mozilla',
      'ip_addr',
      'user_agent',
    ]) {
      expect(text).not.toContain(personal)
    }
    const kept = await tempLake('import-pii-kept')
    await importSpotifyExport(kept.store, folder, { keepPersonalData: true })
    const all = await objects(kept.store)
    expect(all.every((o) => o.personal_fields === 'kept')).toBe(true)
    expect(all.flatMap((o) => o.rows).filter((r) => r.username === 'example_user_01')).toHaveLength(3)
    expect(all.flatMap((o) => o.rows).filter((r) => typeof r.ip_addr === 'string')).toHaveLength(9)
  })

  it('imports the same export twice without changing the lake, and a newer overlapping export adds only what is new', async () => {
    const audio = await exampleRows(EXAMPLE_FILES.audio)
    const older = await exportFolder({ 'Streaming_History_Audio_2024_0.json': audio.slice(0, 5) })
    const newer = await exportFolder({
      'Streaming_History_Audio_2024_0.json': audio.slice(0, 3),
      'Streaming_History_Audio_2024-2025_1.json': audio.slice(3),
    })
    const { dir, store } = await tempLake('import-twice')
    const first = await importSpotifyExport(store, older)
    expect(first.comparison.fresh).toBe(5)
    const before = await lakeFiles(dir)
    const again = await importSpotifyExport(store, older)
    expect(again.comparison).toMatchObject({ fresh: 0, inLake: 5 })
    expect(again.rawKeys).toEqual([])
    expect(await lakeFiles(dir)).toEqual(before)

    const update = await importSpotifyExport(store, newer)
    expect(update.comparison).toMatchObject({ fresh: 4, inLake: 5, overlap: { streams: 5, shared: 5 } })
    const landed = (await objects(store)).flatMap((o) => o.rows.map((r) => r.ts))
    expect(landed.sort()).toEqual(audio.map((r) => r.ts).sort())
  })

  it('keeps one of the rows an export repeats, and reads the minified, unordered endsong shape', async () => {
    const endsong = await exampleRows(EXAMPLE_FILES.endsong)
    const folder = await exportFolder({
      'endsong_0.json': endsong,
      'endsong_1.json': [endsong[1], endsong[0]],
    })
    const { store } = await tempLake('import-repeats')
    const report = await importSpotifyExport(store, folder)
    expect(report.comparison).toMatchObject({ fresh: 3, duplicates: 2 })
    expect((await objects(store)).flatMap((o) => o.rows)).toHaveLength(3)
  })
})
