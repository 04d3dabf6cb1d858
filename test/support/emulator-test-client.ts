import type { RunningEmulator } from '../../src/emulator/index.js'

/** A response as the tests look at it: status, headers, parsed JSON and the raw text. */
export interface TestResponse {
  status: number
  headers: Headers
  // biome-ignore lint/suspicious/noExplicitAny: tests index freely into Spotify JSON
  body: any
  text: string
}

/**
 * A minimal HTTP client for tests against a started emulator (global `fetch`, no mocks).
 *
 * @example
 * const client = await EmulatorTestClient.connect(emulator)
 * const playlist = await client.get(`/playlists/${id}`)
 */
export class EmulatorTestClient {
  private constructor(
    private readonly emulator: RunningEmulator,
    readonly accessToken: string,
  ) {}

  /** Gets a client-credentials token (Basic header) and returns a client that sends it. */
  static async connect(emulator: RunningEmulator): Promise<EmulatorTestClient> {
    const response = await requestToken(emulator, 'grant_type=client_credentials', basicAuth(emulator))
    if (response.status !== 200) throw new Error(`token request failed: ${response.text}`)
    return new EmulatorTestClient(emulator, response.body.access_token as string)
  }

  /** GET a path below `/v1` (or an absolute URL, e.g. a paging `next`) with the bearer token. */
  get(pathOrUrl: string, headers: Record<string, string> = {}): Promise<TestResponse> {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${this.emulator.apiBaseUrl}${pathOrUrl}`
    return request(url, { headers: { authorization: `Bearer ${this.accessToken}`, ...headers } })
  }
}

/** `Basic base64(id:secret)` for the emulator's (or the given) credentials. */
export function basicAuth(
  emulator: RunningEmulator,
  id = emulator.clientId,
  secret = emulator.clientSecret,
): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`
}

/** POST /api/token with a form body and an optional Authorization header. */
export function requestToken(
  emulator: RunningEmulator,
  form: string,
  authorization?: string,
): Promise<TestResponse> {
  return request(`${emulator.accountsBaseUrl}/api/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(authorization !== undefined && { authorization }),
    },
    body: form,
  })
}

/** Any request; the body is parsed as JSON when it is JSON. */
export async function request(url: string, init: RequestInit = {}): Promise<TestResponse> {
  const response = await fetch(url, init)
  const text = await response.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    body = undefined
  }
  return { status: response.status, headers: response.headers, body, text }
}
