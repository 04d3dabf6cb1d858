import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tunelake } from '../support/cli.js'
import { EXAMPLE_FILES, exportFolder, zipFolder } from '../support/spotify-export-files.js'
import { tempLake } from '../support/temp-lake.js'

describe('tunelake import spotify-export', () => {
  it('says what it found and skipped, lands, transforms and crawls; a second import lands nothing', async () => {
    const zip = await zipFolder(
      await exportFolder({
        [`Spotify Extended Streaming History/${EXAMPLE_FILES.audio}`]: EXAMPLE_FILES.audio,
        'Spotify Extended Streaming History/ReadMeFirst_ExtendedStreamingHistory.pdf': [],
        [`MyData/${EXAMPLE_FILES.endsong}`]: EXAMPLE_FILES.endsong,
      }),
    )
    const { dir } = await tempLake('import-cli')
    const first = await tunelake(['import', 'spotify-export', zip, '--lake', dir])
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    const out = first.stdout
    expect(out).toContain(`found 2 listening files in ${path.basename(zip)}:`)
    expect(out).toContain(
      `  Spotify Extended Streaming History/${EXAMPLE_FILES.audio}: Extended streaming history, audio, 9 streams, 2024-12-30 .. 2025-01-05`,
    )
    expect(out).toContain(
      'skipped 1 file:\n  Spotify Extended Streaming History/ReadMeFirst_ExtendedStreamingHistory.pdf: not a listening file',
    )
    expect(out).toContain('read 12 streams: 12 new, 0 already in the lake, 0 repeated within the export')
    expect(out).toContain('personal fields (user name, IP address, user agent): dropped')
    expect(out).toMatch(
      /landed 12 new streams in 5 raw objects \(5 months, 2019-06 \.\. 2025-01\), import \d{8}T/,
    )
    expect(out).toMatch(/transform: 5 raw objects transformed, 0 quarantined; rows: .*plays 12/)
    expect(out).toMatch(/crawl: 1 tables created/)

    const query = await tunelake([
      'query',
      'SELECT item_type, count(*) AS n, sum(ms_played) AS ms FROM plays GROUP BY 1 ORDER BY 1',
      '--lake',
      dir,
      '--format',
      'csv',
    ])
    expect(query.stdout.replaceAll('\r\n', '\n')).toBe(
      'item_type,n,ms\naudiobook,1,1802214\nepisode,2,2725424\nlocal,1,187034\ntrack,8,1136114\n',
    )

    const again = await tunelake(['import', 'spotify-export', zip, '--lake', dir])
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('read 12 streams: 0 new, 12 already in the lake')
    expect(again.stdout).toContain('nothing new: the lake holds every stream of this export already')
    expect(again.stdout).not.toContain('transform:')
  }, 60_000)

  it('refuses bad input with one line and exit code 2, leaving a new lake empty', async () => {
    const { dir } = await tempLake('import-cli-bad')
    const notExport = await exportFolder({ 'notes.json': [{ title: 'not listening' }] })
    const result = await tunelake(['import', 'spotify-export', notExport, '--lake', dir])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^tunelake: .* holds no listening history .*\n$/)
    expect(result.stderr.split('\n')).toHaveLength(2)
    expect(await readdir(dir)).toEqual([])
  })

  it('says in its help what --keep-personal-data keeps', async () => {
    const help = await tunelake(['import', 'spotify-export', '--help'])
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      '--keep-personal-data keep the user name, IP address and user agent of each stream in the raw zone',
    )
  })
})
