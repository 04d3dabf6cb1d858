import { SpotifyUnavailableError } from './errors.js'

/** The answer of `POST {accounts}/api/token`: status and the parsed JSON body (`{}` if not JSON). */
export interface TokenAnswer {
  status: number
  body: Record<string, unknown>
}

/**
 * `POST {accountsBaseUrl}/api/token` with a form body and, for confidential clients, the
 * `Authorization: Basic` header. Network failures and 5xx become a retryable
 * `SpotifyUnavailableError`; other answers are returned for the caller to judge.
 */
export async function postTokenForm(
  accountsBaseUrl: string,
  form: Record<string, string>,
  basic: { clientId: string; clientSecret: string } | undefined,
  fetchFn: typeof fetch,
): Promise<TokenAnswer> {
  const url = `${accountsBaseUrl.replace(/\/$/, '')}/api/token`
  let response: Response
  try {
    response = await fetchFn(url, {
      method: 'POST',
      headers: {
        ...(basic && {
          authorization: `Basic ${Buffer.from(`${basic.clientId}:${basic.clientSecret}`).toString('base64')}`,
        }),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(form).toString(),
    })
  } catch (error) {
    throw new SpotifyUnavailableError(
      `cannot reach the Spotify accounts service at ${accountsBaseUrl} (${causeCode(error)}): check the network or SPOTIFY_ACCOUNTS_BASE_URL`,
      { cause: error },
    )
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>
  if (response.status >= 500) {
    throw new SpotifyUnavailableError(
      `the Spotify accounts service answered ${response.status}; try again later`,
    )
  }
  return { status: response.status, body: body ?? {} }
}

/** `invalid_grant (Refresh token expired)` from an OAuth error body, or `HTTP 400`. */
export function oauthErrorText(answer: TokenAnswer): string {
  const code = typeof answer.body.error === 'string' ? answer.body.error : `HTTP ${answer.status}`
  const detail =
    typeof answer.body.error_description === 'string' ? ` (${answer.body.error_description})` : ''
  return `${code}${detail}`
}

export function causeCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))
}
