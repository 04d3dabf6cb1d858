import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { type AdminTargets, adminRoute } from './admin-routes.js'
import { routeApi, routeLabel } from './api-router.js'
import { apiError, EmulatorRequestError } from './errors.js'

/** Every response carries this header, so tunelake can say its data is synthetic. */
const SYNTHETIC_HEADER = 'x-tunelake-synthetic'
const MAX_BODY_BYTES = 64 * 1024

/** Everything the server answers from. */
export interface ServerParts extends AdminTargets {
  /** Strong ETags on Web API answers and 304 for a matching If-None-Match (default on). */
  etags: boolean
}

interface Reply {
  status: number
  body: unknown
  headers?: Record<string, string>
  contentType?: string
}

/**
 * The emulator's HTTP server: accounts (`POST /api/token`, `GET /authorize`), the Web API below
 * `/v1` (rate limit, injected faults, bearer token, GET only, ETags) and the admin routes. Every
 * request is counted by route and status.
 */
export function createEmulatorServer(parts: ServerParts): Server {
  return createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://emulator.invalid')
    const method = request.method ?? 'GET'
    const isApi = url.pathname === '/v1' || url.pathname.startsWith('/v1/')
    const label = `${method} ${isApi ? `/v1${routeLabel(url.pathname.slice(3))}` : url.pathname}`
    handle(parts, request, url, method, isApi)
      .then((reply) => {
        if (reply === 'reset') {
          parts.stats.record(label, 'reset')
          request.socket.destroy()
          return
        }
        parts.stats.record(label, reply.status)
        send(response, reply)
      })
      .catch((error: unknown) => {
        const reply: Reply =
          error instanceof EmulatorRequestError
            ? {
                status: error.status,
                body: error.body,
                headers: { ...error.headers },
                contentType: error.contentType,
              }
            : { status: 500, body: { error: { status: 500, message: 'Server error.' } } }
        parts.stats.record(label, reply.status)
        send(response, reply)
      })
  })
}

async function handle(
  parts: ServerParts,
  request: IncomingMessage,
  url: URL,
  method: string,
  isApi: boolean,
): Promise<Reply | 'reset'> {
  if (url.pathname === '/api/token') {
    if (method !== 'POST') throw apiError(405, 'Method not allowed')
    return { status: 200, body: parts.accounts.token(await readBody(request), request.headers.authorization) }
  }
  if (url.pathname === '/authorize') {
    if (method !== 'GET') throw apiError(405, 'Method not allowed')
    const location = parts.accounts.authorizer.authorize(url.searchParams)
    return { status: 302, body: '', headers: { location }, contentType: 'text/plain; charset=utf-8' }
  }
  if (url.pathname.startsWith('/admin/')) {
    const text = method === 'POST' ? await readBody(request) : ''
    let body: unknown
    try {
      body = text === '' ? {} : JSON.parse(text)
    } catch {
      throw apiError(400, 'Body must be JSON')
    }
    return { status: 200, body: adminRoute(parts, url.pathname, method, body) }
  }
  if (!isApi) throw apiError(404, 'Service not found')
  parts.limiter.admit()
  const fault = parts.faults.decide()
  if (fault.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs))
  if (fault.kind === 'reset') return 'reset'
  if (fault.kind === 'error') throw fault.error
  if (fault.expireTokens) parts.accounts.accessTokens.expireAll()
  const grant = parts.accounts.authenticate(request.headers.authorization)
  if (method !== 'GET') throw apiError(405, 'Method not allowed')
  parts.state.forUser = grant.user !== undefined
  const body = routeApi(parts.state, url.pathname.slice(3) || '/', url.searchParams, grant)
  if (!parts.etags) return { status: 200, body }
  const text = JSON.stringify(body)
  const etag = `"${createHash('sha1').update(text).digest('hex')}"`
  const match = request.headers['if-none-match']
  if (match?.split(',').some((tag) => tag.trim() === etag)) {
    return { status: 304, body: '', headers: { etag } }
  }
  return { status: 200, body: text, headers: { etag }, contentType: 'json-text' }
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

function send(response: ServerResponse, reply: Reply): void {
  const jsonText = reply.contentType === 'json-text'
  const text = jsonText || typeof reply.body === 'string' ? String(reply.body) : JSON.stringify(reply.body)
  const contentType =
    reply.contentType === undefined || jsonText ? 'application/json; charset=utf-8' : reply.contentType
  const headers: Record<string, string | number> = {
    'cache-control': 'private, max-age=0',
    [SYNTHETIC_HEADER]: 'true',
    ...reply.headers,
  }
  if (reply.status !== 304) {
    headers['content-type'] = contentType
    headers['content-length'] = Buffer.byteLength(text)
  }
  response.writeHead(reply.status, headers)
  response.end(reply.status === 304 ? undefined : text)
}
