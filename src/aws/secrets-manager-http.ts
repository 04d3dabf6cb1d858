import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'
import { SignatureV4 } from '@smithy/signature-v4'
import { AwsSecretUnavailableError } from './errors.js'
import type { SecretsManagerApi } from './spotify-secret.js'

/** Where and as whom to call Secrets Manager: the standard SDK variables of the environment. */
export interface SecretsManagerSettings {
  region: string
  endpoint: string
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
}

/** The settings from the SDK's own variables (set by Lambda): region, credentials, endpoint override. */
export function secretsManagerSettings(env: NodeJS.ProcessEnv): SecretsManagerSettings {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION
  const accessKeyId = env.AWS_ACCESS_KEY_ID
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY
  if (!region || !accessKeyId || !secretAccessKey) {
    throw new AwsSecretUnavailableError(
      'no AWS region or credentials in the environment (AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY); Lambda sets them, elsewhere export them',
      false,
    )
  }
  return {
    region,
    endpoint:
      env.AWS_ENDPOINT_URL_SECRETS_MANAGER ??
      env.AWS_ENDPOINT_URL ??
      `https://secretsmanager.${region}.amazonaws.com`,
    credentials: {
      accessKeyId,
      secretAccessKey,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    },
  }
}

/**
 * Secrets Manager's two calls over its JSON 1.1 protocol, signed with SigV4: all the extract
 * function needs, without a Secrets Manager SDK client in the bundle. Errors become one line
 * (the secret value never appears in them); throttling and 5xx are marked retryable.
 */
export class SecretsManagerHttp implements SecretsManagerApi {
  readonly #signer: SignatureV4
  readonly #url: URL

  constructor(
    settings: SecretsManagerSettings,
    private readonly fetchFn: typeof fetch = fetch,
  ) {
    this.#url = new URL(settings.endpoint)
    this.#signer = new SignatureV4({
      service: 'secretsmanager',
      region: settings.region,
      credentials: settings.credentials,
      sha256: Sha256,
    })
  }

  getSecretValue(input: { SecretId: string }): Promise<{ SecretString?: string; VersionId?: string }> {
    return this.#call('GetSecretValue', input)
  }

  putSecretValue(input: { SecretId: string; SecretString: string }): Promise<{ VersionId?: string }> {
    return this.#call('PutSecretValue', input)
  }

  async #call<T>(action: string, input: { SecretId: string }): Promise<T> {
    const body = JSON.stringify(input)
    const path = this.#url.pathname || '/'
    const signed = await this.#signer.sign({
      method: 'POST',
      protocol: this.#url.protocol,
      hostname: this.#url.hostname,
      ...(this.#url.port ? { port: Number(this.#url.port) } : {}),
      path,
      query: {},
      headers: {
        host: this.#url.host,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `secretsmanager.${action}`,
      },
      body,
    })
    let response: Response
    try {
      response = await this.fetchFn(new URL(path, this.#url), {
        method: 'POST',
        headers: signed.headers as Record<string, string>,
        body,
      })
    } catch (error) {
      throw new AwsSecretUnavailableError(
        `cannot reach Secrets Manager at ${this.#url.origin} (${(error as Error).message}) for ${input.SecretId}`,
        true,
        { cause: error },
      )
    }
    const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>
    if (response.ok) return answer as T
    const type = String(answer.__type ?? `HTTP ${response.status}`).replace(/^.*#/, '')
    const message = String(answer.message ?? answer.Message ?? '').replace(/\s+/g, ' ')
    const retryable = response.status >= 500 || /Throttl|TooManyRequests|InternalServiceError/.test(type)
    throw new AwsSecretUnavailableError(
      `Secrets Manager refused ${action} on ${input.SecretId}: ${type}${message ? ` (${message})` : ''}${
        type === 'AccessDeniedException' ? '; the function role lacks the permission: redeploy the stack' : ''
      }`,
      retryable,
    )
  }
}

/** SHA-256 and HMAC-SHA-256 from node:crypto, in the shape SignatureV4 expects. */
class Sha256 {
  readonly #hash: Hash | Hmac

  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#hash =
      secret === undefined
        ? createHash('sha256')
        : createHmac('sha256', typeof secret === 'string' ? secret : toBuffer(secret))
  }

  update(data: string | ArrayBuffer | ArrayBufferView, encoding?: 'utf8' | 'ascii' | 'latin1'): void {
    if (typeof data === 'string') this.#hash.update(data, encoding ?? 'utf8')
    else this.#hash.update(toBuffer(data))
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest())
  }
}

function toBuffer(data: ArrayBuffer | ArrayBufferView): Buffer {
  return ArrayBuffer.isView(data)
    ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
    : Buffer.from(new Uint8Array(data))
}
