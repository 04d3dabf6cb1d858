import { spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readEnrichState } from '../../src/enrich/enrich-state.js'
import {
  openMusicCatalog,
  type RunningOpenMusicEmulator,
  startOpenMusicEmulator,
} from '../../src/open-music-emulator/index.js'
import { tunelake } from '../support/cli.js'
import { enrichLake, enrichTrackIds } from '../support/enrich-lake.js'

const BIN = fileURLToPath(new URL('../../bin/tunelake.js', import.meta.url))
const open = openMusicCatalog(2026)
const TRACKS = enrichTrackIds(open, { perScenario: 1, plain: 6 })
const ISRC_ROUTE = 'GET /ws/2/isrc/{isrc}'

let emulator: RunningOpenMusicEmulator

// The emulator's real MusicBrainz limit (1 request/s), the CLI's own pacing (0.8/s): a run takes long enough to kill mid-way.
beforeAll(async () => {
  emulator = await startOpenMusicEmulator()
})
afterAll(() => emulator.close())

const isrcAnswers = () => {
  const counts = emulator.stats().byRoute[ISRC_ROUTE] ?? {}
  return (counts['200'] ?? 0) + (counts['404'] ?? 0)
}

describe('tunelake enrich, killed mid-run', () => {
  it('resumes without asking again what was answered', async () => {
    const { dir, store } = await enrichLake(TRACKS)
    const config = path.join(dir, '..', `${path.basename(dir)}-config.json`)
    await writeFile(
      config,
      JSON.stringify({
        sources: [{ type: 'my_playlists' }],
        enrich: {
          contact: 'tests@tunelake.invalid',
          musicbrainz_url: emulator.musicbrainzBaseUrl,
          listenbrainz_url: emulator.listenbrainzBaseUrl,
        },
      }),
    )
    const args = ['enrich', '--config', config, '--lake', dir]
    const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' })
    const closed = new Promise((resolve) => child.on('close', resolve))
    // Killed (no chance to save its state) once a few ISRCs are answered.
    while (isrcAnswers() < 4) await new Promise((r) => setTimeout(r, 100))
    child.kill('SIGKILL')
    await closed
    const beforeResume = isrcAnswers()
    const isrcs = new Set(TRACKS.map((id) => open.spotify.track(id)!.isrc)).size

    const resumed = await tunelake(args)
    expect(resumed.stderr).toBe('')
    expect(resumed.code).toBe(0)
    expect(resumed.stdout).toMatch(/0 pending/)
    const state = await readEnrichState(store)
    expect(Object.keys(state.isrc)).toHaveLength(isrcs)
    // Each ISRC answered once; at most the one in flight when the process died is asked again.
    expect(isrcAnswers()).toBeLessThanOrEqual(isrcs + 1)
    expect(isrcAnswers() - beforeResume).toBeLessThan(isrcs)
    const status = await tunelake(['status', '--lake', dir])
    expect(status.stdout).toMatch(
      new RegExp(`enrichment of ${TRACKS.length} tracks: \\d+ enriched, 0 pending, \\d+ unmatched`),
    )
  })

  it('refuses a bad --limit and a missing config with one line and exit 2, asking nothing', async () => {
    const { dir } = await enrichLake(TRACKS.slice(0, 2))
    emulator.resetStats()
    const noConfig = await tunelake(['enrich', '--lake', dir])
    expect(noConfig.code).toBe(2)
    expect(noConfig.stderr).toMatch(/^tunelake: tunelake enrich needs --config FILE: .*\n$/)
    const badLimit = await tunelake(['enrich', '--lake', dir, '--limit', 'lots'])
    expect(badLimit.code).toBe(2)
    expect(badLimit.stderr).toMatch(/--limit lots is not a number of tracks/)
    expect(emulator.stats().total).toBe(0)
  })
})
