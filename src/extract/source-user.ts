import { oneLine } from '../errors.js'
import type { RawSource } from '../lake/layout.js'
import { errorMessage } from '../spotify/spotify-client.js'
import { ExtractSourceError } from './errors.js'
import { carryPlaylist, detectMode, extractPlaylist } from './extract-playlist.js'
import type { LandedPage } from './raw-landing.js'
import { asArray, asObject, type SourceContext, settleAll } from './source-context.js'
import type { SourceSpec } from './source-spec.js'

/** A listing page limit every mode accepts for these endpoints. */
const PAGE_LIMIT = 50
/** Playlists fetched at the same time (the client bounds the requests). */
const PLAYLIST_PARALLELISM = 4

/**
 * `my_playlists`: lists the user's playlists (50 a request, revalidated with ETags) and, for each,
 * carries the last fetch over when its `snapshot_id` is unchanged (no request) or fetches it
 * again. `null` entries (Spotify-owned playlists, for restricted apps) are counted and skipped.
 */
export async function extractMyPlaylists(ctx: SourceContext): Promise<void> {
  const listed: { id: string; snapshotId: string | undefined }[] = []
  let nulls = 0
  await followListing(
    ctx,
    'my_playlists',
    'me',
    `/me/playlists?limit=${PAGE_LIMIT}`,
    'my_playlists',
    (page) => {
      for (const entry of asArray(asObject(page).items)) {
        if (entry === null) {
          nulls++
          continue
        }
        const o = asObject(entry)
        ctx.mode.observe(detectMode(o))
        if (typeof o.id === 'string') {
          listed.push({ id: o.id, snapshotId: typeof o.snapshot_id === 'string' ? o.snapshot_id : undefined })
        }
      }
      return true
    },
  )
  if (nulls > 0) {
    ctx.notes.push(
      `my_playlists: ${nulls} entr${nulls === 1 ? 'y' : 'ies'} of the user's playlists came back null (Spotify-owned playlists this app cannot read)`,
    )
  }
  const queue = [...listed]
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { id, snapshotId } = next
      try {
        const unchanged = snapshotId !== undefined && ctx.state.playlists[id]?.snapshot_id === snapshotId
        if (!unchanged || !(await carryPlaylist(ctx, id))) await extractPlaylist(ctx, id)
      } catch (error) {
        if (!(error instanceof ExtractSourceError)) throw error
        ctx.fail(`my_playlists: playlist ${id}`, oneLine(error))
      }
    }
  }
  await settleAll(ctx, Array.from({ length: PLAYLIST_PARALLELISM }, worker))
}

/**
 * `saved_tracks`: newest first, 50 a request, until a page reaches a save the last run already
 * landed. The source id `after-<ms>` records that boundary, so the transform keeps only newer saves.
 */
export async function extractSavedTracks(ctx: SourceContext): Promise<void> {
  const newest = ctx.state.saved_tracks?.newest_added_at
  const boundary = newest === undefined ? undefined : Date.parse(newest)
  const sourceId = boundary === undefined ? 'all' : `after-${boundary}`
  let latest = newest
  await followListing(
    ctx,
    'saved_tracks',
    sourceId,
    `/me/tracks?limit=${PAGE_LIMIT}`,
    'saved_tracks',
    (page) => {
      let reachedKnown = false
      for (const entry of asArray(asObject(page).items)) {
        const { added_at, track } = asObject(entry)
        if (typeof added_at !== 'string') continue
        if (boundary !== undefined && Date.parse(added_at) <= boundary) {
          reachedKnown = true
          continue
        }
        if (latest === undefined || Date.parse(added_at) > Date.parse(latest)) latest = added_at
        ctx.refs.track(track)
      }
      return !reachedKnown
    },
  )
  if (latest !== undefined) ctx.state.saved_tracks = { newest_added_at: latest }
}

/** Spotify keeps only the last 50 plays. */
const PLAY_WINDOW = 50

/**
 * `recently_played`: the plays after the last run's newest (`after=<ms>`), 50 a request. When
 * the answer is a full 50, older plays since the last run may be gone: the report says so.
 */
export async function extractRecentlyPlayed(ctx: SourceContext): Promise<void> {
  const after = ctx.state.recently_played?.after_ms
  const url = `/me/player/recently-played?limit=${PAGE_LIMIT}${after === undefined ? '' : `&after=${after}`}`
  let newest = after
  let plays = 0
  await followListing(ctx, 'recently_played', 'me', url, 'recently_played', (page) => {
    for (const entry of asArray(asObject(page).items)) {
      const { played_at, track } = asObject(entry)
      const ms = typeof played_at === 'string' ? Date.parse(played_at) : Number.NaN
      if (Number.isNaN(ms)) continue
      plays++
      if (newest === undefined || ms > newest) newest = ms
      ctx.refs.track(track)
    }
    return true
  })
  if (after !== undefined && plays >= PLAY_WINDOW) {
    ctx.notes.push(
      `recently_played: ${plays} plays since the last run, as many as Spotify keeps; earlier plays since ${new Date(after).toISOString()} may be missing (run more often)`,
    )
  }
  if (newest !== undefined) ctx.state.recently_played = { after_ms: newest }
}

/** `top`: the user's top artists or tracks in one time range (at most 50), revalidated with ETags. */
export async function extractTop(
  ctx: SourceContext,
  spec: Extract<SourceSpec, { type: 'top' }>,
): Promise<void> {
  const url = `/me/top/${spec.of}?time_range=${spec.time_range}&limit=${PAGE_LIMIT}`
  const source: RawSource = spec.of === 'tracks' ? 'top_tracks' : 'top_artists'
  await followListing(ctx, source, spec.time_range, url, `top ${spec.of}`, (page) => {
    if (spec.of === 'tracks') for (const track of asArray(asObject(page).items)) ctx.refs.track(track)
    return true
  })
}

/**
 * Lands a paged listing of the user's data: the first URL, then `next` while `each(page)` says go
 * on. The first page is revalidated with its stored ETag (a 304 lands the stored body). A 403
 * means the token lacks the user's authorisation for this data.
 */
async function followListing(
  ctx: SourceContext,
  source: RawSource,
  sourceId: string,
  firstUrl: string,
  label: string,
  each: (body: unknown) => boolean,
): Promise<void> {
  let url: string | undefined = firstUrl
  for (let n = 0; url !== undefined; n++) {
    // Only listings whose URL stays the same from run to run are worth an ETag.
    const revalidate =
      n === 0 && (source === 'my_playlists' || source === 'top_artists' || source === 'top_tracks')
    const etagKey = `${ctx.client.apiBaseUrl}${firstUrl}`
    const cached = revalidate ? ctx.state.etags[etagKey] : undefined
    const page: LandedPage = await ctx.landing.page(ctx.client, {
      source,
      sourceId,
      page: n,
      url,
      mode: ctx.mode.current,
      ...(cached && { cached }),
    })
    if (page.status === 403) {
      throw new ExtractSourceError(
        `Spotify refused ${label} (403 ${errorMessage(page.body)}): the authorised user did not grant this data to the app; run tunelake auth login again`,
      )
    }
    if (page.status !== 200) {
      throw new ExtractSourceError(
        `Spotify answered ${page.status} for ${label} (${errorMessage(page.body)})`,
      )
    }
    if (revalidate && page.etag !== undefined && page.key !== undefined) {
      ctx.state.etags[etagKey] = { etag: page.etag, key: page.key }
    }
    const goOn = each(page.body)
    const next = asObject(page.body).next
    url = goOn && typeof next === 'string' ? next : undefined
  }
}
