import { describe, expect, it } from 'vitest'
import { AwsSecretInvalidError } from './errors.js'
import { type SecretsManagerApi, SpotifySecret } from './spotify-secret.js'

/** An in-memory secret with the SDK's call shapes (the HTTP adapter is tested against a server in test/e2e). */
function memory(value: string | undefined): SecretsManagerApi & { value: string | undefined; puts: number } {
  return {
    value,
    puts: 0,
    async getSecretValue() {
      return this.value === undefined ? {} : { SecretString: this.value }
    },
    async putSecretValue(input) {
      this.value = input.SecretString
      this.puts++
      return { VersionId: `v${this.puts}` }
    },
  }
}

const read = (value: string | undefined) => new SpotifySecret(memory(value), 'arn:secret').read()

describe('the Spotify secret', () => {
  it('reads app credentials, a user token, or both', async () => {
    expect(await read('{"client_id":"id","client_secret":"s"}')).toEqual({
      clientId: 'id',
      clientSecret: 's',
    })
    expect(await read('{"client_id":"id","refresh_token":"r"}')).toEqual({
      clientId: 'id',
      refreshToken: 'r',
    })
    expect(await read('{"client_id":"id","client_secret":"s","refresh_token":"r","extra":1}')).toEqual({
      clientId: 'id',
      clientSecret: 's',
      refreshToken: 'r',
    })
  })

  it('says what to do, without the value, when the secret is unusable', async () => {
    const cases: [string | undefined, RegExp][] = [
      [undefined, /is not JSON like/],
      ['s3cr3t-value', /is not JSON like/],
      ['["a"]', /is not a JSON object/],
      ['{"client_id":"SET-ME","client_secret":"generated"}', /holds no client_id yet/],
      ['{"client_id":"id"}', /neither a client_secret nor a refresh_token/],
      ['{"client_id":"id","client_secret":7}', /client_secret that is not a string/],
    ]
    for (const [value, message] of cases) {
      const error = (await read(value).then(
        () => undefined,
        (e: unknown) => e,
      )) as Error
      expect(error, String(value)).toBeInstanceOf(AwsSecretInvalidError)
      expect(error.message).toMatch(message)
      expect(error.message).toMatch(
        /the Spotify secret arn:secret .*; set it with aws secretsmanager put-secret-value/,
      )
      expect(error.message).not.toContain('s3cr3t-value')
    }
  })

  it('writes a rotated refresh token back, keeping the other fields', async () => {
    const api = memory('{"client_id":"id","refresh_token":"old","note":"x"}')
    const secret = new SpotifySecret(api, 'arn:secret')
    await secret.read()
    await secret.saveRefreshToken('new')
    await secret.saveRefreshToken('newer')
    expect(JSON.parse(api.value!)).toEqual({ client_id: 'id', refresh_token: 'newer', note: 'x' })
    expect(api.puts).toBe(2)
  })
})
