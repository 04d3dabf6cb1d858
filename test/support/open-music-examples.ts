import { readFileSync } from 'node:fs'

const EXAMPLES = new URL('../fixtures/open-music-data/examples/', import.meta.url)

/** The text of a MusicBrainz or ListenBrainz example from test/fixtures (see its README). */
export function openExampleText(name: string): string {
  return readFileSync(new URL(name, EXAMPLES), 'utf8')
}

/** A MusicBrainz or ListenBrainz example, parsed. */
export function openExample<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(openExampleText(name)) as T
}

/** A User-Agent as MusicBrainz asks for: `Application/version ( contact )`. */
export const TEST_AGENT = 'tunelake-tests/0.1.0 ( tests@tunelake.invalid )'

/** A response as the tests look at it. */
export interface OpenResponse {
  status: number
  headers: Headers
  text: string
  // biome-ignore lint/suspicious/noExplicitAny: tests index freely into the services' JSON
  body: any
}

/** One request with the test User-Agent (unless `headers` sets another), not following redirects. */
export async function openRequest(url: string, init: RequestInit = {}): Promise<OpenResponse> {
  const response = await fetch(url, {
    redirect: 'manual',
    ...init,
    headers: { 'user-agent': TEST_AGENT, ...(init.headers as Record<string, string>) },
  })
  const text = await response.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    body = text
  }
  return { status: response.status, headers: response.headers, text, body }
}

/** A JSON POST with the test User-Agent. */
export function openPost(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<OpenResponse> {
  return openRequest(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
}
