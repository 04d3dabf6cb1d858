import { TunelakeError } from '../errors.js'

/** One answer of the open-music emulator: the exact text the real service sends, and its headers. */
export interface Reply {
  status: number
  text: string
  headers: Record<string, string>
}

/** An error answer, thrown by a route and sent as it is (the body text is exact). */
export class ReplyError extends TunelakeError {
  readonly kind = 'terminal'

  constructor(readonly reply: Reply) {
    super(`the open-music emulator answered ${reply.status}: ${reply.text}`)
  }
}

const JSON_TYPE = 'application/json; charset=utf-8'
const MB_HELP = 'For usage, please see: https://musicbrainz.org/development/mmd'

/** A MusicBrainz WS/2 error as its Perl server writes it: `{"error":...,"help":...}`. */
export function mbError(status: number, error: string): ReplyError {
  return new ReplyError({
    status,
    text: JSON.stringify({ error, help: MB_HELP }),
    headers: { 'content-type': JSON_TYPE },
  })
}

/** An XML error (MusicBrainz's answer to a format it cannot serve: the first serializer is XML). */
export function mbXmlError(status: number, text: string): ReplyError {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<error><text>${text}</text></error>\n`
  return new ReplyError({ status, text: xml, headers: { 'content-type': 'application/xml; charset=utf-8' } })
}

/** A ListenBrainz error as Flask's `jsonify` writes it: compact, keys sorted, a trailing newline. */
export function lbError(status: number, error: string, headers: Record<string, string> = {}): ReplyError {
  return new ReplyError({ status, text: lbJson({ code: status, error }), headers: { ...headers } })
}

/** JSON the way Flask 3.1's `jsonify` writes it (compact, keys sorted, a trailing newline). */
export function lbJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value))}\n`
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value === null || typeof value !== 'object') return value
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]))
}
