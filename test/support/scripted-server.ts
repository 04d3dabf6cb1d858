import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

export interface ScriptedResponse {
  status: number
  /** The body, or a function of the request (a server that echoes what it was sent). */
  body?: unknown | ((request: RecordedRequest) => unknown)
  headers?: Record<string, string>
}

/**
 * A loopback HTTP server answering from a script: each request takes the next answer for its
 * path (the last one repeats). Records every request. For the client's HTTP-policy tests.
 */
export async function scriptedServer(script: Record<string, ScriptedResponse[]>) {
  const requests: RecordedRequest[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => {
      body += chunk
    })
    req.on('end', () => {
      const url = req.url ?? '/'
      const request = { method: req.method ?? 'GET', url, headers: req.headers, body }
      requests.push(request)
      const path = url.split('?')[0]!
      const queue = script[path]
      const answer = queue && queue.length > 1 ? queue.shift()! : queue?.[0]
      if (!answer) {
        res.writeHead(404).end()
        return
      }
      const value = typeof answer.body === 'function' ? answer.body(request) : answer.body
      const text = typeof value === 'string' ? value : JSON.stringify(value ?? null)
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(text)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    base,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
