import { invalidRequest } from './errors.js'

/** What a paged endpoint serves: offset, limit, and any query parameters its URLs echo. */
export interface PagingInput<T> {
  /** URL without query, e.g. `http://127.0.0.1:PORT/v1/playlists/{id}/tracks`. */
  base: string
  offset: number
  limit: number
  total: number
  items: T[]
  /** Query parameters echoed after `offset` and `limit` (e.g. `market`, `additional_types`). */
  extra?: readonly [string, string][]
  /** The limit the `next`/`previous` URLs carry, when it must differ from `limit`. */
  linkLimit?: number
}

/**
 * The offset paging object `{href, items, limit, next, offset, previous, total}`; `next` is null at
 * the end and `previous` null at offset 0, both echoing the request's query like Spotify does.
 *
 * @example
 * pagingObject({ base: `${api}/playlists/x/tracks`, offset: 0, limit: 100, total: 260, items })
 * // next: `${api}/playlists/x/tracks?offset=100&limit=100`
 */
export function pagingObject<T>(input: PagingInput<T>) {
  const { base, offset, limit, total, items } = input
  const tail = (input.extra ?? [])
    .map(([k, v]) => `&${k}=${encodeURIComponent(v).replace(/%2C/g, ',')}`)
    .join('')
  const url = (o: number, l: number) => `${base}?offset=${o}&limit=${l}${tail}`
  const linkLimit = input.linkLimit ?? limit
  return {
    href: url(offset, limit),
    items,
    limit,
    next: offset + limit < total ? url(offset + limit, linkLimit) : null,
    offset,
    previous: offset > 0 ? url(Math.max(0, offset - linkLimit), linkLimit) : null,
    total,
  }
}

/** Limits of one paged endpoint. */
export interface PageRules {
  defaultLimit: number
  maxLimit: number
}

/** Reads `offset` and `limit` from the query; a bad limit is 400 "Invalid limit". */
export function parsePage(query: URLSearchParams, rules: PageRules): { offset: number; limit: number } {
  const limitText = query.get('limit')
  const offsetText = query.get('offset')
  const limit = limitText === null ? rules.defaultLimit : strictInt(limitText)
  if (limit === undefined || limit < 1 || limit > rules.maxLimit) throw invalidRequest('Invalid limit')
  const offset = offsetText === null ? 0 : strictInt(offsetText)
  if (offset === undefined || offset < 0 || offset > 100_000) throw invalidRequest('Invalid offset')
  return { offset, limit }
}

function strictInt(text: string): number | undefined {
  return /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : undefined
}

/** The echoed query parameters Spotify keeps in paging URLs. */
export function echoedParams(query: URLSearchParams): [string, string][] {
  const echoed: [string, string][] = []
  for (const key of ['market', 'additional_types']) {
    const value = query.get(key)
    if (value !== null) echoed.push([key, value])
  }
  return echoed
}
