import { createHash } from 'node:crypto'
import type { RawSource } from '../lake/layout.js'
import { SpotifyRequestError } from '../spotify/errors.js'
import { errorMessage } from '../spotify/spotify-client.js'
import { ExtractSourceError } from './errors.js'
import type { LandedPage } from './raw-landing.js'
import { asArray, asObject, type SourceContext } from './source-context.js'
import type { SourceSpec } from './source-spec.js'

/** Search offsets stop at 1000 (offset plus limit). */
const SEARCH_OFFSET_CAP = 1000

/**
 * `artist_catalog`: the artist's albums (`/artists/{id}/albums`, 50 a request in extended mode,
 * 10 in development mode), landed page by page; the albums themselves (with their tracks) come
 * through enrichment, like every referenced album.
 */
export async function extractArtistCatalog(
  ctx: SourceContext,
  spec: Extract<SourceSpec, { type: 'artist_catalog' }>,
): Promise<void> {
  ctx.refs.artists.add(spec.id)
  await followPaged(ctx, {
    source: 'artist_albums',
    sourceId: spec.id,
    firstUrl: (limit) => `/artists/${spec.id}/albums?include_groups=${spec.include_groups}&limit=${limit}`,
    limits: { extended: 50, development: 10 },
    pageOf: (body) => body,
    notFound: `artist ${spec.id} was not found (404): check the artist id or URL in the config`,
    each: (page) => {
      for (const album of asArray(page.items)) {
        const id = asObject(album).id
        if (typeof id !== 'string') continue
        ctx.refs.albums.add(id)
        ctx.refs.catalogAlbums.add(id)
      }
      return true
    },
  })
}

/**
 * `search`: up to `max_results` results of one type (Spotify's `next` links, which say `query=`,
 * are followed; offsets stop at 1000). Tracks found are enriched like any others.
 */
export async function extractSearch(
  ctx: SourceContext,
  spec: Extract<SourceSpec, { type: 'search' }>,
): Promise<void> {
  const hash = createHash('sha1').update(`${spec.search_type}\n${spec.query}`).digest('hex').slice(0, 12)
  let found = 0
  await followPaged(ctx, {
    source: 'search',
    sourceId: `${spec.search_type}-${hash}`,
    firstUrl: (limit) =>
      `/search?q=${encodeURIComponent(spec.query)}&type=${spec.search_type}&limit=${Math.min(limit, spec.max_results)}`,
    limits: { extended: 50, development: 10 },
    pageOf: (body) => asObject(body[`${spec.search_type}s`]),
    notFound: `search "${spec.query}" was answered 404`,
    each: (page) => {
      for (const item of asArray(page.items)) {
        found++
        if (spec.search_type === 'track') ctx.refs.track(item)
        const id = asObject(item).id
        if (spec.search_type === 'album' && typeof id === 'string') ctx.refs.albums.add(id)
      }
      const offset = typeof page.offset === 'number' ? page.offset : 0
      const limit = typeof page.limit === 'number' ? page.limit : 0
      return found < spec.max_results && offset + 2 * limit <= SEARCH_OFFSET_CAP
    },
  })
}

interface PagedRequest {
  source: RawSource
  sourceId: string
  firstUrl: (limit: number) => string
  /** The largest limit each mode accepts. */
  limits: { extended: number; development: number }
  /** The paging object inside a response body. */
  pageOf: (body: Record<string, unknown>) => Record<string, unknown>
  notFound: string
  /** Reads one page; false stops the paging. */
  each: (page: Record<string, unknown>) => boolean
}

/**
 * Follows a paged endpoint whose largest limit depends on the API mode. While the mode is not
 * known for sure, the first request asks for the extended limit; a 400 "Invalid limit" reveals
 * development mode, and the request is made again with its limit.
 */
async function followPaged(ctx: SourceContext, request: PagedRequest): Promise<void> {
  let url: string | undefined
  let first: LandedPage
  try {
    url = request.firstUrl(request.limits[ctx.mode.current])
    first = await land(ctx, request, 0, url)
  } catch (error) {
    const limitRefused =
      error instanceof SpotifyRequestError && error.status === 400 && /invalid limit/i.test(error.message)
    if (!limitRefused || ctx.mode.current === 'development' || ctx.mode.forced) throw error
    ctx.mode.observe('development')
    url = request.firstUrl(request.limits.development)
    first = await land(ctx, request, 0, url)
  }
  let page: LandedPage | undefined = first
  for (let n = 1; page !== undefined; n++) {
    const paging = request.pageOf(asObject(page.body))
    const next = paging.next
    page = request.each(paging) && typeof next === 'string' ? await land(ctx, request, n, next) : undefined
  }
}

async function land(ctx: SourceContext, request: PagedRequest, n: number, url: string): Promise<LandedPage> {
  const page = await ctx.landing.page(ctx.client, {
    source: request.source,
    sourceId: request.sourceId,
    page: n,
    url,
    mode: ctx.mode.current,
  })
  if (page.status === 404) throw new ExtractSourceError(request.notFound)
  if (page.status !== 200) {
    throw new ExtractSourceError(
      `Spotify answered ${page.status} for ${url} (${errorMessage(page.body)}); this source cannot be read by this app`,
    )
  }
  return page
}

/**
 * The tracks of artist-catalog albums beyond the 50 their album object embeds: the embedded
 * page's `next`, followed page by page (`album_tracks`). Runs after enrichment landed the albums.
 */
export async function extractCatalogAlbumTracks(ctx: SourceContext): Promise<void> {
  const bodies = new Map<string, unknown>()
  for (const id of [...ctx.refs.catalogAlbums].sort()) {
    const key = ctx.state.dimensions.albums[id]?.key
    if (key === undefined) continue
    if (!bodies.has(key)) bodies.set(key, (await ctx.landing.read(key)).response.body)
    const body = asObject(bodies.get(key))
    const album = body.id === id ? body : asObject(asArray(body.albums).find((a) => asObject(a).id === id))
    let next = asObject(album.tracks).next
    for (let n = 0; typeof next === 'string'; n++) {
      const page = await ctx.landing.page(ctx.client, {
        source: 'album_tracks',
        sourceId: id,
        page: n,
        url: next,
        mode: ctx.mode.current,
      })
      if (page.status !== 200) break
      next = asObject(page.body).next
    }
  }
}
