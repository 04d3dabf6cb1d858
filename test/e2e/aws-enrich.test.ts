import { ListObjectsV2Command } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEnrichHandler } from '../../src/aws/enrich-handler.js'
import { lakeFromEnv } from '../../src/aws/lambda-wiring.js'
import { writeSyntheticTracks } from '../../src/bench/synthetic-tracks.js'
import {
  openMusicCatalog,
  type RunningOpenMusicEmulator,
  startOpenMusicEmulator,
} from '../../src/open-music-emulator/index.js'
import { CREDENTIALS, REGION, startS3WithEvents } from '../infra/lambda-harness.js'
import { enrichTrackIds } from '../support/enrich-lake.js'

const RAW = 'tunelake-raw'
const TRANSFORMED = 'tunelake-transformed'
const open = openMusicCatalog(2026)
const TRACKS = enrichTrackIds(open, { perScenario: 1, plain: 6 })
const ISRC_ROUTE = 'GET /ws/2/isrc/{isrc}'

let s3: Awaited<ReturnType<typeof startS3WithEvents>>
let emulator: RunningOpenMusicEmulator
let env: Record<string, string>
const lines: string[] = []

beforeAll(async () => {
  s3 = await startS3WithEvents([RAW, TRANSFORMED])
  // The real MusicBrainz limit and the function's own pacing: the deadline, not the work, ends a short invocation.
  emulator = await startOpenMusicEmulator()
  env = {
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_LAMBDA_FUNCTION_NAME: 'Tunelake-Enrich',
    TUNELAKE_RAW_BUCKET: RAW,
    TUNELAKE_TRANSFORMED_BUCKET: TRANSFORMED,
    TUNELAKE_CONFIG: JSON.stringify({
      sources: [{ type: 'my_playlists' }],
      api_mode: 'development',
      enrich: {
        contact: 'tests@tunelake.invalid',
        musicbrainz_url: emulator.musicbrainzBaseUrl,
        listenbrainz_url: emulator.listenbrainzBaseUrl,
      },
    }),
  }
  await writeSyntheticTracks(lakeFromEnv(env), TRACKS)
})
afterAll(async () => {
  await emulator.close()
  await s3.close()
})

const invoke = (remainingMs: number) =>
  createEnrichHandler({ env, out: (line) => lines.push(line) })(
    {},
    { getRemainingTimeInMillis: () => remainingMs },
  )
const isrcAnswers = () => {
  const counts = emulator.stats().byRoute[ISRC_ROUTE] ?? {}
  return (counts['200'] ?? 0) + (counts['404'] ?? 0)
}

describe('the enrich function', () => {
  it('stops before its deadline and the next invocation goes on where it stopped', async () => {
    // 30 s kept for the end, ListenBrainz's minute, and 3 s of MusicBrainz questions.
    const first = await invoke(30_000 + 60_000 + 3_000)
    expect(first.outcome).toBe('succeeded')
    expect(first.stopped).toMatch(/time is up/)
    expect(first.summary!.pending).toBeGreaterThan(0)
    const asked = isrcAnswers()
    expect(asked).toBeGreaterThan(0)

    const second = await invoke(15 * 60_000)
    expect(second.stopped).toBeUndefined()
    expect(second.summary).toMatchObject({ tracks: TRACKS.length, pending: 0 })
    const isrcs = new Set(TRACKS.map((id) => open.spotify.track(id)!.isrc)).size
    expect(isrcAnswers()).toBe(isrcs)
    // The answers are in the raw bucket, whose notifications feed the transform function.
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: RAW, Prefix: 'raw/open-music/' }))
    expect(listed.KeyCount).toBeGreaterThan(isrcs)
    expect(s3.records.some((r) => r.s3.object.key.startsWith('raw/open-music/'))).toBe(true)
    expect(lines.join('\n')).toContain('enrich invocation finished')
  })
})
