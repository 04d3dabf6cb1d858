import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig, parseConfig } from './config.js'

describe('config', () => {
  it('accepts playlist ids and URLs and fills defaults', () => {
    const config = parseConfig(
      {
        sources: [{ type: 'playlist', id: 'https://open.spotify.com/playlist/3cEYpjA9oz9GiPac4AsH4n?si=x' }],
      },
      'c.json',
    )
    expect(config).toMatchObject({
      database: 'tunelake',
      api_mode: 'auto',
      sources: [{ type: 'playlist', id: '3cEYpjA9oz9GiPac4AsH4n' }],
      spotify: { cache_days: 7, requests_per_30s: 150, max_retry_after_seconds: 60 },
    })
  })

  it.each([
    [{}, /c.json: sources: /],
    [{ sources: [] }, /sources: list at least one source/],
    [{ sources: [{ type: 'playlist' }] }, /sources\.0\.id: /],
    [{ sources: [{ type: 'playlist', id: 'nope' }] }, /sources\.0\.id: "nope" is not a playlist id/],
    [{ sources: [{ type: 'podcast', id: 'x' }] }, /sources\.0\.type: /],
    [{ sources: [{ type: 'playlist', id: '3cEYpjA9oz9GiPac4AsH4n' }], api_mode: 'fast' }, /api_mode: /],
    [{ sources: [{ type: 'playlist', id: '3cEYpjA9oz9GiPac4AsH4n' }], lake: './l', colour: 1 }, /colour/],
  ])('names the bad field of %j', (value, message) => {
    expect(() => parseConfig(value, 'c.json')).toThrow(message)
  })

  it('says when the file is missing or not JSON', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tunelake-config-'))
    await expect(loadConfig(path.join(dir, 'missing.json'))).rejects.toThrow(/missing.json does not exist/)
    await writeFile(path.join(dir, 'bad.json'), '{"sources": [')
    await expect(loadConfig(path.join(dir, 'bad.json'))).rejects.toThrow(/bad.json is not valid JSON/)
  })
})
