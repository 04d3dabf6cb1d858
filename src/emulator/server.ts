import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { isApiMode } from '../spotify/api-mode.js'
import type { Accounts } from './accounts.js'
import { routeApi } from './api-router.js'
import { isValidDay } from './days.js'
import { apiError, EmulatorRequestError } from './errors.js'
import type { EmulatorState } from './state.js'

/** Every response carries this header, so tunelake can say its data is synthetic. */
const SYNTHETIC_HEADER = 'x-tunelake-synthetic'
const MAX_BODY_BYTES = 64 * 1024

/**
 * The emulator's HTTP server: accounts (`POST /api/token`), the Web API below `/v1` (bearer
 * token required, GET only) and the admin clock (`GET|POST /admin/clock`). Every answer is JSON.
 */
export function createEmulatorServer(state: EmulatorState, accounts: Accounts): Server {
  return createServer((request, response) => {
    handle(state, accounts, request)
      .then((body) => send(response, 200, body))
      .catch((error: unknown) => {
        if (error instanceof EmulatorRequestError) send(response, error.status, error.body, error.headers)
        else send(response, 500, { error: { status: 500, message: 'Server error.' } })
      })
  })
}

async function handle(state: EmulatorState, accounts: Accounts, request: IncomingMessage): Promise<unknown> {
  const url = new URL(request.url ?? '/', 'http://emulator.invalid')
  const method = request.method ?? 'GET'
  if (url.pathname === '/api/token') {
    if (method !== 'POST') throw apiError(405, 'Method not allowed')
    return accounts.token(await readBody(request), request.headers.authorization)
  }
  if (url.pathname === '/admin/clock') return adminClock(state, method, request)
  if (url.pathname === '/v1' || url.pathname.startsWith('/v1/')) {
    accounts.authenticate(request.headers.authorization)
    if (method !== 'GET') throw apiError(405, 'Method not allowed')
    return routeApi(state, url.pathname.slice(3) || '/', url.searchParams)
  }
  throw apiError(404, 'Service not found')
}

/** `GET /admin/clock` → `{day, mode}`; `POST` with `{"day":"YYYY-MM-DD"}` (and optional `mode`) sets them. */
async function adminClock(state: EmulatorState, method: string, request: IncomingMessage): Promise<unknown> {
  if (method === 'POST') {
    let body: unknown
    try {
      body = JSON.parse(await readBody(request))
    } catch {
      throw apiError(400, 'Body must be JSON like {"day":"2026-03-01"}')
    }
    const { day, mode } = (body ?? {}) as { day?: unknown; mode?: unknown }
    if (typeof day !== 'string' || !isValidDay(day)) throw apiError(400, 'day must be a YYYY-MM-DD date')
    if (mode !== undefined && !isApiMode(mode)) throw apiError(400, 'mode must be extended or development')
    state.day = day
    if (mode !== undefined) state.mode = mode
  } else if (method !== 'GET') {
    throw apiError(405, 'Method not allowed')
  }
  return { day: state.day, mode: state.mode }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    const buffer = chunk as Buffer
    size += buffer.length
    if (size > MAX_BODY_BYTES) throw apiError(413, 'Request body too large')
    chunks.push(buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'private, max-age=0',
    [SYNTHETIC_HEADER]: 'true',
    ...headers,
  })
  response.end(text)
}
