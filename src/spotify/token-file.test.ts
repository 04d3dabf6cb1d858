import { chmod, mkdtemp, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { SpotifyTokenFileError } from './errors.js'
import { readTokenFile, type StoredToken, tokenFilePath, writeTokenFile } from './token-file.js'

const TOKEN: StoredToken = {
  format: 'tunelake.spotify-token/v1',
  client_id: 'client',
  refresh_token: 'AQsecret-refresh-token',
  scope: 'user-library-read',
  authorized_at: '2026-03-01T12:00:00.000Z',
  accounts_base_url: 'https://accounts.spotify.com',
}

describe('the token file', () => {
  it('is written whole with mode 0600 in a 0700 folder, and read back', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tunelake-token-'))
    const file = path.join(dir, 'nested', 'token.json')
    await writeTokenFile(file, TOKEN)
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700)
    expect(await readTokenFile(file)).toEqual(TOKEN)
    expect(await readTokenFile(path.join(dir, 'absent.json'))).toBeUndefined()
  })

  it('refuses a file other users can read, saying how to fix it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tunelake-token-'))
    const file = path.join(dir, 'token.json')
    await writeTokenFile(file, TOKEN)
    await chmod(file, 0o644)
    const error = await readTokenFile(file).catch((e) => e)
    expect(error).toBeInstanceOf(SpotifyTokenFileError)
    expect(error.message).toBe(
      `the token file ${file} can be read by other users (mode 644); run chmod 600 ${file}`,
    )
  })

  it('refuses a file that is not a tunelake token file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tunelake-token-'))
    const file = path.join(dir, 'token.json')
    await writeFile(file, '{"access_token":"x"}', { mode: 0o600 })
    await expect(readTokenFile(file)).rejects.toThrow(
      `${file} is not a tunelake token file; delete it and run tunelake auth login`,
    )
  })

  it('lives at TUNELAKE_TOKEN_FILE, else under XDG_CONFIG_HOME or ~/.config', () => {
    expect(tokenFilePath({ TUNELAKE_TOKEN_FILE: '/tmp/t.json' })).toBe('/tmp/t.json')
    expect(tokenFilePath({ XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/tunelake/spotify-token.json')
    expect(tokenFilePath({ HOME: '/home/x' })).toMatch(/\.config\/tunelake\/spotify-token\.json$/)
  })
})
