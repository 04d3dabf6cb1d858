import { readdir, readFile, truncate, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ExportInputError } from '../../src/import/errors.js'
import { importSpotifyExport } from '../../src/import/import-export.js'
import {
  EXAMPLE_FILES,
  exampleRows,
  exportFolder,
  streamRows,
  zipFolder,
} from '../support/spotify-export-files.js'
import { tempLake } from '../support/temp-lake.js'

/** The lake's files and contents. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      out[path.join(entry.parentPath, entry.name)] = await readFile(
        path.join(entry.parentPath, entry.name),
        'utf8',
      )
  }
  return out
}

/** Imports `given` into a lake, expecting a refusal with `message`; the lake must be as before. */
async function refused(
  lake: Awaited<ReturnType<typeof tempLake>>,
  given: string,
  message: string | RegExp,
): Promise<void> {
  const before = await snapshot(lake.dir)
  const attempt = importSpotifyExport(lake.store, given)
  await expect(attempt).rejects.toThrow(ExportInputError)
  await expect(attempt).rejects.toThrow(message)
  expect(await snapshot(lake.dir)).toEqual(before)
}

const DAY = Date.parse('2025-03-01T08:00:00Z')

describe('import spotify-export: refusals (one line, nothing written)', () => {
  it('a package without listening history, and a folder that is no export', async () => {
    const lake = await tempLake('refuse-package')
    const account = await exportFolder({
      'Spotify Account Data/Userdata.json': [],
      'Spotify Account Data/YourLibrary.json': [],
    })
    await refused(
      lake,
      account,
      /is a Spotify data package without listening history .* ask Spotify for "Extended streaming history"/,
    )
    const other = await exportFolder({
      'watch-history.json': [{ header: 'YouTube', title: 'Watched x', time: '2025-01-01T00:00:00Z' }],
    })
    await refused(
      lake,
      other,
      /holds no listening history \(no endsong_\*\.json, .*\): give the zip or folder of a Spotify data export/,
    )
    await refused(
      lake,
      path.join(other, 'watch-history.json'),
      'watch-history.json holds no listening history',
    )
    await refused(lake, path.join(other, 'nowhere.zip'), 'does not exist; give the zip Spotify sent')
  })

  it('a truncated file, a file that is not JSON, a file of another service named like a listening file', async () => {
    const lake = await tempLake('refuse-files')
    const truncated = await exportFolder({
      [EXAMPLE_FILES.audio]: EXAMPLE_FILES.audio,
      [EXAMPLE_FILES.endsong]: EXAMPLE_FILES.endsong,
    })
    await truncate(path.join(truncated, EXAMPLE_FILES.audio), 3000)
    await refused(
      lake,
      truncated,
      `${EXAMPLE_FILES.audio} in ${path.basename(truncated)}: the JSON array ends early, after 3 complete entries: the file is truncated; download the export again`,
    )
    const notJson = await exportFolder({})
    await writeFile(
      path.join(notJson, 'Streaming_History_Audio_2020_0.json'),
      'ts;ms_played\n2020-01-01;1000\n',
    )
    await refused(lake, notJson, 'Streaming_History_Audio_2020_0.json in')
    await refused(lake, notJson, 'it is not JSON: it starts with "t"')
    const apple = await exportFolder({
      'Streaming_History_Audio_2020_0.json': [
        { 'Track Description': 'Song', 'Play Duration Milliseconds': 1000 },
      ],
    })
    await refused(
      lake,
      apple,
      /is not a Spotify streaming history: its first entry lacks "ts" and "ms_played" \(a file from another service\?\)/,
    )
  })

  it('a damaged zip', async () => {
    const lake = await tempLake('refuse-zip')
    const zip = await zipFolder(await exportFolder({ [EXAMPLE_FILES.audio]: EXAMPLE_FILES.audio }))
    await truncate(zip, 200)
    await refused(lake, zip, /is not a readable zip \(.*\); download the export again from Spotify/)
  })

  it("another account's export, told by user name; two accounts in one export; allowed when asked", async () => {
    const lake = await tempLake('refuse-username')
    const endsong = await exampleRows(EXAMPLE_FILES.endsong)
    await importSpotifyExport(lake.store, await exportFolder({ 'endsong_0.json': endsong }))
    const someoneElse = endsong.map((row) => ({
      ...row,
      username: 'another_user',
      ts: new Date(Date.parse(String(row.ts)) + 3_600_000).toISOString().replace('.000Z', 'Z'),
    }))
    const other = await exportFolder({ 'endsong_1.json': someoneElse })
    await refused(
      lake,
      other,
      /looks like another Spotify account's listening than this lake holds: its user name is not the one of the exports this lake holds; import it into another lake \(--lake\), or add --allow-other-account/,
    )
    const mixed = await exportFolder({ 'endsong_0.json': endsong, 'endsong_1.json': someoneElse })
    await refused(lake, mixed, 'it holds the streams of 2 accounts')
    const allowed = await importSpotifyExport(lake.store, other, { allowOtherAccount: true })
    expect(allowed.account.other).toBe('its user name is not the one of the exports this lake holds')
    expect(allowed.comparison.fresh).toBe(3)
  })

  it("another account's export without user names (since late 2024), told by its streams", async () => {
    const lake = await tempLake('refuse-streams')
    await importSpotifyExport(
      lake.store,
      await exportFolder({ 'Streaming_History_Audio_2025_0.json': streamRows(DAY, 60) }),
    )
    const same = await importSpotifyExport(
      lake.store,
      await exportFolder({ 'Streaming_History_Audio_2025_0.json': streamRows(DAY, 90) }),
    )
    expect(same.account).toEqual({ by: 'streams' })
    expect(same.comparison).toMatchObject({ fresh: 30, overlap: { streams: 60, shared: 60 } })
    const other = await exportFolder({
      'Streaming_History_Audio_2025_0.json': streamRows(DAY + 60_000, 60, { seed: 1 }),
    })
    await refused(
      lake,
      other,
      /only 0 of its 60 streams in the time this lake's history covers \(0%\) are in the lake/,
    )
  })
})
