import { oneLine } from '../errors.js'
import { SpotifyError, SpotifyRateLimitError } from '../spotify/errors.js'
import {
  BACKFILL_KINDS,
  type BackfillKind,
  type BackfillState,
  enqueue,
  markDone,
  queued,
} from './backfill-state.js'
import { asArray, asObject, type SourceContext, settleAll } from './source-context.js'

/** Ids a Get Several request takes in extended mode; development mode asks one by one. */
const BATCH: Record<BackfillKind, number> = { tracks: 50, albums: 20, artists: 50 }
/** Requests in flight at once (the client bounds its own concurrency too). */
const WAVE = 8

export interface BackfillReport {
  /** Ids fetched in this run, by kind. */
  fetched: Record<BackfillKind, number>
  /** Ids Spotify did not know. */
  missing: number
  /** Why the back-fill stopped before its queue was empty: the budget, or what Spotify said. */
  stopped?: string
  /** Set when Spotify said to stop (`QUOTA_EXCEEDED`, or a wait beyond the cap): not before `until`. */
  pause?: { until: Date; reason: string }
}

/**
 * Fills in the tracks that only imported exports name, then their albums and artists, most
 * played first, as long as `allowance()` (the day's budget left) permits: Get Several Tracks,
 * Albums and Artists 50, 20 and 50 at a time in extended mode, one by one where those endpoints
 * are gone (development mode; a 403 on a batch reveals it). Responses land in the raw zone as the
 * other sources' do (`tracks`, `albums`, `artists`, source id `backfill` or `backfill-<id>`);
 * the state records what was fetched. A stop Spotify asks for ends the back-fill for the day;
 * the run and what it fetched stand.
 */
export async function backfill(
  ctx: SourceContext,
  state: BackfillState,
  allowance: () => number,
): Promise<BackfillReport> {
  const report: BackfillReport = { fetched: { tracks: 0, albums: 0, artists: 0 }, missing: 0 }
  const pages: Record<BackfillKind, number> = { tracks: 0, albums: 0, artists: 0 }
  try {
    for (const kind of BACKFILL_KINDS) {
      let ids = queued(state, kind)
      while (ids.length > 0) {
        const room = Math.min(allowance(), WAVE)
        if (room <= 0) {
          report.stopped = `the day's request budget is used up; ${remaining(state)} left for the next days`
          return report
        }
        const requests: string[][] = []
        const size = ctx.mode.current === 'extended' ? BATCH[kind] : 1
        while (requests.length < room && ids.length > 0) requests.push(ids.splice(0, size))
        const retry: string[] = []
        await settleAll(
          ctx,
          requests.map((batch) =>
            fetchBatch(ctx, state, kind, batch, size > 1 ? pages[kind]++ : 0, report, retry),
          ),
        )
        ids = [...retry, ...ids]
      }
    }
  } catch (error) {
    if (!(error instanceof SpotifyError)) throw error
    report.stopped = oneLine(error)
    if (error instanceof SpotifyRateLimitError) report.pause = { until: error.resumeAt, reason: error.reason }
  }
  return report
}

async function fetchBatch(
  ctx: SourceContext,
  state: BackfillState,
  kind: BackfillKind,
  ids: string[],
  page: number,
  report: BackfillReport,
  retry: string[],
): Promise<void> {
  const batch = ids.length > 1 || ctx.mode.current === 'extended'
  const landed = await ctx.landing.page(ctx.client, {
    source: kind,
    sourceId: batch ? 'backfill' : `backfill-${ids[0]}`,
    page,
    url: batch ? `/${kind}?ids=${ids.join(',')}` : `/${kind}/${ids[0]}`,
    mode: batch ? 'extended' : ctx.mode.current,
  })
  if (landed.status === 403 && batch) {
    ctx.mode.observe('development') // no batch endpoints: these go one by one
    retry.push(...ids)
    return
  }
  if (batch) ctx.mode.observe('extended')
  const entities = landed.status !== 200 ? [] : batch ? asArray(asObject(landed.body)[kind]) : [landed.body]
  const found = entities.filter((e) => e !== null && typeof asObject(e).id === 'string')
  report.missing += ids.length - found.length
  state.missing += ids.length - found.length
  report.fetched[kind] += found.length
  if (kind === 'tracks') for (const track of found) queueTrackParts(state, track)
  markDone(state, kind, ids)
}

/** A fetched track's album and artists join their queues, with the track's plays. */
function queueTrackParts(state: BackfillState, value: unknown): void {
  const track = asObject(value)
  const plays = state.queue.tracks[String(track.id)] ?? 1
  const album = asObject(track.album).id
  if (typeof album === 'string') enqueue(state, 'albums', new Map([[album, plays]]))
  const artists = asArray(track.artists)
    .map((a) => asObject(a).id)
    .filter((id): id is string => typeof id === 'string')
  enqueue(state, 'artists', new Map(artists.map((id) => [id, plays])))
}

function remaining(state: BackfillState): string {
  return BACKFILL_KINDS.map((kind) => `${Object.keys(state.queue[kind]).length} ${kind}`).join(', ')
}
