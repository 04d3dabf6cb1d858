import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ScriptedResponse {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

/**
 * A loopback HTTP server answering from a script: each request takes the next answer for its
 * path (the last one repeats). Records every request. For the client's HTTP-policy tests.
 */
export async function scriptedServer(script: Record<string, ScriptedResponse[]>) {
  const requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => {
      body += chunk
    })
    req.on('end', () => {
      const url = req.url ?? '/'
      requests.push({ method: req.method ?? 'GET', url, headers: req.headers, body })
      const path = url.split('?')[0]!
      const queue = script[path]
      const answer = queue && queue.length > 1 ? queue.shift()! : queue?.[0]
      if (!answer) {
        res.writeHead(404).end()
        return
      }
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? null)
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
