/// <reference lib="dom" />
/** The page's calls to the dashboard API, with the token when the server needs one. */
import type { ApiError } from '../../server/api-types.js'

const TOKEN_KEY = 'tunelake-dashboard-token'

/** An API answer other than 2xx: its status, kind (`refused`, `sql`, ...) and one-line message. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly kind: string,
    message: string,
  ) {
    super(message)
  }
}

/** A `?token=` in the address is kept for this tab and removed from the address bar. */
function takeToken(): string | null {
  const params = new URLSearchParams(location.search)
  const given = params.get('token')
  if (given) {
    sessionStorage.setItem(TOKEN_KEY, given)
    params.delete('token')
    const query = params.toString()
    history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`)
    return given
  }
  return sessionStorage.getItem(TOKEN_KEY)
}

const token = takeToken()

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers)
  if (token) headers.set('authorization', `Bearer ${token}`)
  let response: Response
  try {
    response = await fetch(path, { ...init, headers })
  } catch {
    throw new ApiFailure(
      0,
      'network',
      'the dashboard server does not answer; is tunelake serve still running?',
    )
  }
  const body = (await response.json().catch(() => null)) as unknown
  if (!response.ok) {
    const error = body as Partial<ApiError> | null
    throw new ApiFailure(response.status, error?.kind ?? 'http', error?.error ?? `HTTP ${response.status}`)
  }
  return body as T
}

export function getJson<T>(path: string): Promise<T> {
  return call<T>(path)
}

export function postJson<T>(path: string, body: unknown): Promise<T> {
  return call<T>(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}
