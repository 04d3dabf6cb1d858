import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { isLoopbackHost } from './bind-policy.js'
import { HttpError } from './http-io.js'

/**
 * Who may call the API. With a token, every API request must carry it
 * (`Authorization: Bearer <token>`). Without one the server is on loopback, and only requests
 * naming a loopback host pass: a web page elsewhere cannot reach the lake by rebinding its DNS
 * name to 127.0.0.1.
 */
export class RequestGuard {
  readonly #digest: Buffer | undefined

  constructor(token: string | undefined) {
    this.#digest = token === undefined ? undefined : digest(token)
  }

  check(req: IncomingMessage, isApi: boolean): void {
    if (this.#digest === undefined) {
      const host = hostName(req.headers.host ?? '')
      if (!isLoopbackHost(host)) {
        throw new HttpError(
          403,
          `requests must name a loopback host (127.0.0.1 or localhost), not ${host || 'none'}`,
          'forbidden',
        )
      }
      return
    }
    if (!isApi) return
    const header = req.headers.authorization ?? ''
    const given = /^Bearer (.+)$/.exec(header)?.[1]
    if (given === undefined || !timingSafeEqual(digest(given), this.#digest)) {
      throw new HttpError(
        401,
        'this dashboard needs its token: open the page with ?token=<token> once, or send Authorization: Bearer <token>',
        'unauthorized',
      )
    }
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest()
}

/** The host name of a Host header, without the port (`[::1]:80` gives `::1`). */
export function hostName(header: string): string {
  const bracketed = /^\[([^\]]+)\](:\d+)?$/.exec(header)
  if (bracketed) return bracketed[1]!
  return header.replace(/:\d+$/, '')
}
