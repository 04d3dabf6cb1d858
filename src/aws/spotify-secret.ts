import type { SpotifyCredentials } from '../spotify/client-for-credentials.js'
import { AwsSecretInvalidError } from './errors.js'

/** The client id the stack puts in the secret until the real credentials are set. */
export const PLACEHOLDER_CLIENT_ID = 'SET-ME'

/**
 * The two Secrets Manager calls the extract function makes, in the shape of the AWS SDK's
 * `SecretsManager` client methods, so that client or any other adapter fits.
 */
export interface SecretsManagerApi {
  getSecretValue(input: { SecretId: string }): Promise<{ SecretString?: string; VersionId?: string }>
  putSecretValue(input: { SecretId: string; SecretString: string }): Promise<{ VersionId?: string }>
}

const SET_IT = 'set it with aws secretsmanager put-secret-value (README, AWS home)'

/**
 * The Spotify credentials in one Secrets Manager secret, as JSON: the app's `client_id`, its
 * `client_secret` (absent for a PKCE app), and a user's `refresh_token` when user data or
 * development-mode playlists are extracted. Read at the start of a run; the refresh token is
 * written back when Spotify rotates it (the other fields kept as they were).
 *
 * @example
 * const secret = new SpotifySecret(secretsManager, process.env.TUNELAKE_SPOTIFY_SECRET_ARN)
 * const credentials = await secret.read()
 */
export class SpotifySecret {
  #fields: Record<string, unknown> | undefined

  constructor(
    private readonly api: SecretsManagerApi,
    readonly secretId: string,
  ) {}

  async read(): Promise<SpotifyCredentials> {
    const { SecretString } = await this.api.getSecretValue({ SecretId: this.secretId })
    const fields = parseFields(SecretString, this.secretId)
    this.#fields = fields
    return credentialsOf(fields, this.secretId)
  }

  /** Stores a rotated refresh token; the secret's other fields are kept. */
  async saveRefreshToken(refreshToken: string): Promise<void> {
    const fields =
      this.#fields ??
      parseFields((await this.api.getSecretValue({ SecretId: this.secretId })).SecretString, this.secretId)
    this.#fields = { ...fields, refresh_token: refreshToken }
    await this.api.putSecretValue({ SecretId: this.secretId, SecretString: JSON.stringify(this.#fields) })
  }
}

function parseFields(text: string | undefined, secretId: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(text ?? '')
  } catch {
    throw new AwsSecretInvalidError(
      `the Spotify secret ${secretId} is not JSON like {"client_id":"...","client_secret":"..."}; ${SET_IT}`,
    )
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AwsSecretInvalidError(`the Spotify secret ${secretId} is not a JSON object; ${SET_IT}`)
  }
  return value as Record<string, unknown>
}

function credentialsOf(fields: Record<string, unknown>, secretId: string): SpotifyCredentials {
  const text = (name: string): string | undefined => {
    const value = fields[name]
    if (value === undefined || value === null || value === '') return undefined
    if (typeof value !== 'string') {
      throw new AwsSecretInvalidError(
        `the Spotify secret ${secretId} has a ${name} that is not a string; ${SET_IT}`,
      )
    }
    return value
  }
  const clientId = text('client_id')
  if (!clientId || clientId === PLACEHOLDER_CLIENT_ID) {
    throw new AwsSecretInvalidError(
      `the Spotify secret ${secretId} holds no client_id yet (the stack only made a placeholder); ${SET_IT}`,
    )
  }
  const clientSecret = text('client_secret')
  const refreshToken = text('refresh_token')
  if (!clientSecret && !refreshToken) {
    throw new AwsSecretInvalidError(
      `the Spotify secret ${secretId} has neither a client_secret nor a refresh_token; ${SET_IT}`,
    )
  }
  return {
    clientId,
    ...(clientSecret ? { clientSecret } : {}),
    ...(refreshToken ? { refreshToken } : {}),
  }
}

/** The values the logger must scrub: the secret's fields and the Basic credentials made of them. */
export function secretValues(credentials: SpotifyCredentials): string[] {
  const values = [credentials.clientSecret, credentials.refreshToken].filter((v): v is string => !!v)
  if (credentials.clientSecret) {
    values.push(Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64'))
  }
  return values
}
