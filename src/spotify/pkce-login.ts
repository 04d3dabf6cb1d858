import { createHash, randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SpotifyAuthError } from './errors.js'
import { oauthErrorText, postTokenForm } from './token-request.js'

/** The scopes tunelake's user-data sources need. */
export const LOGIN_SCOPES = [
  'playlist-read-private',
  'playlist-read-collaborative',
  'user-library-read',
  'user-top-read',
  'user-read-recently-played',
]

export interface PkceLoginOptions {
  clientId: string
  accountsBaseUrl: string
  /** Loopback port of the redirect URI (register `http://127.0.0.1:PORT/callback` with the app); 0 = any free port. */
  port: number
  scopes?: readonly string[]
  /** Shows the user the URL to open. */
  announce: (authorizeUrl: string) => void
  /** Give up after this long without a callback (default 5 minutes). */
  timeoutMs?: number
  fetchFn?: typeof fetch
}

export interface PkceLoginResult {
  accessToken: string
  refreshToken: string
  scope: string
  redirectUri: string
}

/**
 * The authorization-code flow with PKCE (S256) for a CLI: listens on a loopback IP redirect URI
 * (`http://127.0.0.1:PORT/callback`, never `localhost`, per Spotify's 2025 rules), announces the
 * authorize URL, waits for the browser to come back with `code` and the right `state`, and
 * exchanges the code and verifier for tokens. No client secret is involved.
 *
 * @example
 * const { refreshToken } = await pkceLogin({ clientId, accountsBaseUrl, port: 8888, announce: console.log })
 */
export async function pkceLogin(options: PkceLoginOptions): Promise<PkceLoginResult> {
  const verifier = randomBytes(48).toString('base64url')
  const challenge = createHash('sha256').update(verifier).digest('base64url')
  const state = randomBytes(16).toString('hex')
  const callback = await listenForCallback(options.port, state, options.timeoutMs ?? 300_000)
  try {
    const redirectUri = `http://127.0.0.1:${callback.port}/callback`
    const url = new URL(`${options.accountsBaseUrl.replace(/\/$/, '')}/authorize`)
    url.search = new URLSearchParams({
      client_id: options.clientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: (options.scopes ?? LOGIN_SCOPES).join(' '),
      state,
      code_challenge_method: 'S256',
      code_challenge: challenge,
    }).toString()
    options.announce(url.toString())
    const code = await callback.code
    const answer = await postTokenForm(
      options.accountsBaseUrl,
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: options.clientId,
        code_verifier: verifier,
      },
      undefined,
      options.fetchFn ?? fetch,
    )
    const { access_token, refresh_token, scope } = answer.body
    if (answer.status !== 200 || typeof access_token !== 'string' || typeof refresh_token !== 'string') {
      throw new SpotifyAuthError(
        `Spotify refused the authorization code: ${oauthErrorText(answer)}; run tunelake auth login again`,
      )
    }
    return {
      accessToken: access_token,
      refreshToken: refresh_token,
      scope: typeof scope === 'string' ? scope : '',
      redirectUri,
    }
  } finally {
    await callback.close()
  }
}

/** A loopback server on 127.0.0.1 that resolves with the `code` of the first matching callback. */
async function listenForCallback(
  port: number,
  state: string,
  timeoutMs: number,
): Promise<{ port: number; code: Promise<string>; close: () => Promise<void> }> {
  let settle: { resolve: (code: string) => void; reject: (error: Error) => void } | undefined
  const code = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject }
  })
  code.catch(() => {})
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    if (url.pathname !== '/callback') {
      response.writeHead(404).end()
      return
    }
    const page = (status: number, text: string) =>
      response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${text}\n`)
    if (url.searchParams.get('state') !== state) {
      page(400, 'tunelake: this callback does not belong to the running login (state mismatch).')
      settle?.reject(
        new SpotifyAuthError(
          'the authorisation callback carried the wrong state (a stale or forged redirect); run tunelake auth login again',
        ),
      )
      return
    }
    const error = url.searchParams.get('error')
    const received = url.searchParams.get('code')
    if (error !== null || received === null) {
      page(400, `tunelake was not authorised (${error ?? 'no code'}). You can close this tab.`)
      settle?.reject(
        new SpotifyAuthError(
          `the authorisation was not granted (${error ?? 'no code in the callback'}); run tunelake auth login again and approve the access`,
        ),
      )
      return
    }
    page(200, 'tunelake is authorised. You can close this tab.')
    settle?.resolve(received)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new SpotifyAuthError(
          `cannot listen on 127.0.0.1:${port} for the authorisation callback (${error.code}); pass another --port`,
        ),
      ),
    )
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const timer = setTimeout(
    () =>
      settle?.reject(
        new SpotifyAuthError(
          `no authorisation arrived within ${Math.round(timeoutMs / 1000)} s; run tunelake auth login again and open the URL it prints`,
        ),
      ),
    timeoutMs,
  )
  return {
    port: (server.address() as AddressInfo).port,
    code,
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(timer)
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
