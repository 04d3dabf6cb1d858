import { causeCode } from '../spotify/token-request.js'
import { OpenMusicUnavailableError } from './errors.js'

/** The header tunelake's emulators set, so a lake can say its data is synthetic. */
const SYNTHETIC_HEADER = 'x-tunelake-synthetic'

/** One request as the raw zone records it (never any header: the token stays out). */
export interface OpenRequest {
  method: 'GET' | 'POST'
  url: string
  body?: unknown
}

/** One answer of MusicBrainz or ListenBrainz, whatever its status. */
export interface OpenAnswer {
  request: OpenRequest
  status: number
  /** Parsed JSON, or the text when it is not JSON (`/genre/all?fmt=txt`, an XML error). */
  body: unknown
  /** The headers that matter later: `location` (a 301), `retry-after`, `x-ratelimit-*`. */
  headers: Record<string, string>
  /** When the answer arrived. */
  at: Date
  /** True when one of tunelake's emulators answered. */
  synthetic: boolean
}

/**
 * Where a client hands each answer it does not return (a 503, a 429, a 5xx, a refusal) before it
 * waits or throws: the enrichment lands those in the raw zone too.
 */
export type RefusedAnswers = (answer: OpenAnswer) => Promise<void>

const KEPT_HEADERS = /^(location|retry-after|x-ratelimit-.*)$/

/**
 * Sends one request with the User-Agent (and a ListenBrainz token when given) and reads the
 * whole answer; a connection that fails or breaks is an OpenMusicUnavailableError (retryable).
 * Redirects are not followed: a 301 is an answer the caller records.
 */
export async function exchange(
  fetchFn: typeof fetch,
  request: OpenRequest,
  headers: Record<string, string>,
  now: () => number,
  signal?: AbortSignal,
): Promise<OpenAnswer> {
  const service = new URL(request.url).origin
  let response: Response
  let text: string
  // fetch ties a listener to the signal it is given until the request is garbage collected: over
  // a run's thousands of requests the run's own signal would pile them up. Each request gets its
  // own signal instead, linked to the run's for as long as it lasts.
  const own = new AbortController()
  const abort = () => own.abort(signal!.reason)
  signal?.addEventListener('abort', abort, { once: true })
  if (signal?.aborted) abort()
  try {
    response = await fetchFn(request.url, {
      method: request.method,
      redirect: 'manual',
      headers: {
        ...headers,
        accept: 'application/json',
        ...(request.body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(request.body !== undefined && { body: JSON.stringify(request.body) }),
      signal: own.signal,
    })
    text = await response.text()
  } catch (error) {
    if (signal?.aborted) throw signal.reason
    throw new OpenMusicUnavailableError(
      `cannot reach ${service} (${causeCode(error)}); try again later`,
      undefined,
      {
        cause: error,
      },
    )
  } finally {
    signal?.removeEventListener('abort', abort)
  }
  const kept: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    if (KEPT_HEADERS.test(name)) kept[name] = value
  })
  return {
    request,
    status: response.status,
    body: parse(text),
    headers: kept,
    at: new Date(now()),
    synthetic: response.headers.get(SYNTHETIC_HEADER) === 'true',
  }
}

function parse(text: string): unknown {
  if (text === '') return null
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** The `error` text of either service's error body, or the start of a text body. */
export function errorText(body: unknown): string {
  const error = (body as { error?: unknown } | null)?.error
  if (typeof error === 'string') return error
  return typeof body === 'string' ? body.slice(0, 200) : ''
}
