import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { RequestStats } from '../emulator/request-stats.js'
import { type OpenAdminTargets, openAdminRoute } from './admin-routes.js'
import { type FaultDice, isAnonymousAgent, type ListenBrainzWindow, type MusicBrainzEdge } from './edge.js'
import { listenbrainzRoute } from './lb-routes.js'
import { musicbrainzRoute, RedirectReply } from './mb-routes.js'
import type { OpenMusicCatalog } from './open-catalog.js'
import { lbError, mbError, type Reply, ReplyError } from './reply.js'

/** Every answer carries this header, so tunelake can say its data is synthetic. */
const SYNTHETIC_HEADER = 'x-tunelake-synthetic'
const MAX_BODY_BYTES = 1024 * 1024

export interface OpenServerParts extends OpenAdminTargets {
  open: OpenMusicCatalog
  edge: MusicBrainzEdge
  window: ListenBrainzWindow
  dice: FaultDice
  stats: RequestStats
  tokens: readonly string[]
  /** When each service was asked, in ms (for tests and benchmarks of the achieved rate). */
  times: { musicbrainz: number[]; listenbrainz: number[] }
  now: () => number
}

/**
 * The open-music emulator's HTTP server: MusicBrainz WS/2 below `/ws/2/` behind its edge (User-
 * Agent class, per-IP limit, load shedding), ListenBrainz below `/1/` behind its fixed window
 * (headers on every answer), resets on either, and the admin routes. Counted by route and status.
 */
export function createOpenMusicServer(parts: OpenServerParts): Server {
  return createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://emulator.invalid')
    const method = request.method ?? 'GET'
    const label = `${method} ${routeLabel(url.pathname)}`
    answer(parts, request, url, method)
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
        const reply: Reply = {
          status: 500,
          text: JSON.stringify({ error: `emulator bug: ${(error as Error).message}` }),
          headers: { 'content-type': 'application/json' },
        }
        parts.stats.record(label, 500)
        send(response, reply)
      })
  })
}

async function answer(parts: OpenServerParts, request: IncomingMessage, url: URL, method: string) {
  const body = method === 'POST' ? await readBody(request) : ''
  const ip = (request.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '')
  const agent = request.headers['user-agent']
  if (url.pathname.startsWith('/admin/')) {
    return guard(() => ({
      status: 200,
      text: JSON.stringify(openAdminRoute(parts, url.pathname, method, parseAdmin(body))),
      headers: { 'content-type': 'application/json' },
    }))
  }
  if (url.pathname.startsWith('/ws/2/')) {
    parts.times.musicbrainz.push(parts.now())
    return guard(() => {
      parts.edge.admit(ip, agent)
      if (parts.dice.reset()) return 'reset'
      const origin = `http://${request.headers.host ?? 'localhost'}`
      return musicbrainzRoute(parts.open, { method, url, accept: request.headers.accept, origin })
    })
  }
  if (url.pathname.startsWith('/1/')) {
    parts.times.listenbrainz.push(parts.now())
    let limitHeaders: Record<string, string> = {}
    const reply = guard(() => {
      if (isAnonymousAgent(agent))
        throw lbError(403, 'Your requests are missing a meaningful User-Agent and were blocked.')
      limitHeaders = parts.window.take(ip)
      if (parts.dice.reset()) return 'reset'
      const failure = parts.dice.lbFailure()
      if (failure) throw failure
      return listenbrainzRoute(
        parts.open,
        {
          method,
          url,
          contentType: request.headers['content-type'],
          authorization: request.headers.authorization,
          body,
        },
        parts.tokens,
      )
    })
    return reply === 'reset' ? reply : { ...reply, headers: { ...limitHeaders, ...reply.headers } }
  }
  return guard(() => {
    throw mbError(404, 'Not Found')
  })
}

/** Runs a route; an error answer it throws becomes the reply. */
function guard(route: () => Reply | 'reset'): Reply | 'reset' {
  try {
    return route()
  } catch (error) {
    if (error instanceof ReplyError) return error.reply
    if (error instanceof RedirectReply) return error.reply
    throw error
  }
}

function parseAdmin(text: string): unknown {
  if (text === '') return {}
  try {
    return JSON.parse(text)
  } catch {
    throw mbError(400, 'Body must be JSON')
  }
}

/** The route label requests are counted under: ids replaced by their kind. */
export function routeLabel(path: string): string {
  return path
    .replace(/^\/ws\/2\/isrc\/[^/]+$/, '/ws/2/isrc/{isrc}')
    .replace(/^\/ws\/2\/(recording|artist)\/[^/]+$/, '/ws/2/$1/{mbid}')
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    const buffer = chunk as Buffer
    size += buffer.length
    if (size > MAX_BODY_BYTES) break
    chunks.push(buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function send(response: ServerResponse, reply: Reply): void {
  response.writeHead(reply.status, {
    [SYNTHETIC_HEADER]: 'true',
    ...reply.headers,
    'content-length': Buffer.byteLength(reply.text),
  })
  response.end(reply.text)
}
