import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { tunelake } from '../support/cli.js'

const BIN = fileURLToPath(new URL('../../bin/tunelake.js', import.meta.url))

describe('tunelake emulator', () => {
  it('prints one JSON line to connect with, serves the demo user with the printed refresh token, and counts calls', async () => {
    const child = spawn(process.execPath, [
      BIN,
      'emulator',
      '--port',
      '0',
      '--mode',
      'development',
      '--rate-limit',
      '100',
      '--fault-rate',
      '0.2',
    ])
    try {
      let out = ''
      for await (const chunk of child.stdout) {
        out += chunk
        if (out.includes('\n')) break
      }
      const info = JSON.parse(out.split('\n')[0]!)
      expect(Object.keys(info)).toEqual([
        'apiBaseUrl',
        'accountsBaseUrl',
        'clientId',
        'clientSecret',
        'refreshToken',
        'userId',
        'mode',
        'playlistIds',
        'playlists',
        'musicbrainzBaseUrl',
        'listenbrainzBaseUrl',
        'listenbrainzToken',
        'synthetic',
      ])
      expect(info.apiBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/)
      expect(info.playlistIds).toHaveLength(6)
      const token = await fetch(`${info.accountsBaseUrl}/api/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${info.clientId}:${info.clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: info.refreshToken }),
      }).then((r) => r.json())
      const statuses: number[] = []
      for (let i = 0; i < 40; i++) {
        const response = await fetch(`${info.apiBaseUrl}/me/playlists`, {
          headers: { authorization: `Bearer ${token.access_token}` },
        })
        statuses.push(response.status)
      }
      expect(statuses).toContain(200)
      expect(statuses.some((s) => s >= 500)).toBe(true) // --fault-rate 0.2
      const stats = await fetch(`${info.accountsBaseUrl}/admin/stats`).then((r) => r.json())
      expect(
        Object.values(stats.byRoute['GET /v1/me/playlists'] as Record<string, number>).reduce(
          (a, b) => a + b,
        ),
      ).toBe(40)
      // MusicBrainz and ListenBrainz beside it, on the same synthetic catalog.
      const agent = { 'user-agent': 'tunelake-tests/0.1.0 ( tests@tunelake.invalid )' }
      expect(info.musicbrainzBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ws\/2$/)
      const playlist = await fetch(`${info.apiBaseUrl}/playlists/${info.playlistIds[1]}/items?limit=1`, {
        headers: { authorization: `Bearer ${token.access_token}` },
      }).then((r) => r.json())
      const isrc = playlist.items.find((i: { item: unknown }) => i.item).item.external_ids.isrc
      let lookup: Response | undefined
      for (let attempt = 0; attempt < 5 && lookup?.status !== 200 && lookup?.status !== 404; attempt++) {
        lookup = await fetch(`${info.musicbrainzBaseUrl}/isrc/${isrc}?inc=artist-credits+tags&fmt=json`, {
          headers: agent,
        })
      }
      expect([200, 404]).toContain(lookup!.status)
      const popularity = await fetch(`${info.listenbrainzBaseUrl}/popularity/recording`, {
        method: 'POST',
        headers: { ...agent, 'content-type': 'application/json' },
        body: JSON.stringify({ recording_mbids: ['561d854a-6a28-4aa7-8c99-323e6ce46c2a'] }),
      })
      expect(popularity.headers.get('x-ratelimit-limit')).toBe('30')
    } finally {
      child.kill('SIGTERM')
      await once(child, 'close')
    }
  })

  it.each([
    [['--mb-rate', '0'], 'tunelake: --mb-rate 0 is not a number of requests per second from 0.01 to 1000\n'],
    [['--fault-rate', '2'], 'tunelake: --fault-rate 2 is not a share from 0 to 1 (e.g. 0.2)\n'],
    [['--rate-limit', '0'], 'tunelake: --rate-limit 0 is not a whole number from 1 to 1000000\n'],
    [['--mode', 'premium'], 'tunelake: --mode premium is not extended or development\n'],
  ])('refuses %j with one line and exit 2', async (args, message) => {
    const result = await tunelake(['emulator', ...args])
    expect(result).toMatchObject({ code: 2, stderr: message, stdout: '' })
  })
})
