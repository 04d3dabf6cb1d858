import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tunelake } from '../support/cli.js'
import { zipEntries } from '../support/zip-entries.js'

describe('tunelake emulator --write-export', () => {
  it('writes the demo user’s synthetic export as the zip Spotify sends, and says what it wrote', async () => {
    const zip = path.join(await mkdtemp(path.join(tmpdir(), 'tunelake-export-cli-')), 'my_spotify_data.zip')
    const run = await tunelake([
      'emulator',
      '--write-export',
      zip,
      '--export-days',
      '10',
      '--day',
      '2026-03-10',
    ])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const entries = await zipEntries(zip)
    const audio = JSON.parse(
      entries.get('Spotify Extended Streaming History/Streaming_History_Audio_2026_0.json')!.toString('utf8'),
    )
    expect(audio[0].ts.slice(0, 10)).toBe('2026-03-01')
    expect(audio.at(-1).ts.slice(0, 10)).toBe('2026-03-10')
    const marker = JSON.parse(
      entries.get('Spotify Extended Streaming History/tunelake-synthetic.json')!.toString(),
    )
    expect(marker.synthetic).toBe(true)
    expect(run.stdout).toBe(
      `wrote a synthetic Spotify export (Extended streaming history) to ${zip}: ${marker.streams.toLocaleString('en-US')} streams, 2026-03-01 .. 2026-03-10, ${marker.files.length} listening files\n`,
    )
  })

  it('refuses a path it cannot write to, in one line, and a number of days that is not one', async () => {
    const blocked = await tunelake(['emulator', '--write-export', '/etc/passwd/x.zip', '--export-days', '2'])
    expect(blocked.code).toBe(2)
    expect(blocked.stderr).toMatch(
      /^tunelake: cannot write the export to \/etc\/passwd\/x\.zip: .*; choose a path you can write to\n$/,
    )
    const days = await tunelake(['emulator', '--write-export', '/tmp/x.zip', '--export-days', 'lots'])
    expect(days.code).toBe(2)
    expect(days.stderr).toBe('tunelake: --export-days lots is not a whole number from 1 to 3700\n')
  })
})
