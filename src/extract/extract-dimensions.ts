import type { CachedEntity } from './extract-state.js'
import { RAW_ENVELOPE_FORMAT, type RawEnvelope } from './raw-envelope.js'
import { fetchedKeys } from './raw-landing.js'
import { asArray, asObject, type SourceContext, settleAll } from './source-context.js'

interface Dimension {
  source: 'artists' | 'albums'
  /** The largest batch the Get Several endpoint takes. */
  batchSize: number
}

const ARTISTS: Dimension = { source: 'artists', batchSize: 50 }
const ALBUMS: Dimension = { source: 'albums', batchSize: 20 }

export interface DimensionReport {
  /** Entities fetched in this run. */
  fetched: number
  /** Entities found in the cache (their raw objects carried over, no request). */
  cached: number
  /** Ids Spotify did not know (404, or `null` in a batch answer). */
  missing: number
}

/**
 * Full artist and album objects for the ids the landed tracks referenced. One fetched less than
 * `cacheDays` ago is not fetched again: the raw object holding it is carried into this run. The
 * rest come through the batch endpoints in extended mode (50 artists, 20 albums a request), one
 * by one where those are gone (development mode, or a 403 from a batch endpoint, which also
 * reveals the mode).
 */
export async function extractDimensions(ctx: SourceContext, cacheDays: number): Promise<DimensionReport> {
  const report: DimensionReport = { fetched: 0, cached: 0, missing: 0 }
  for (const dimension of [ARTISTS, ALBUMS]) {
    const ids = [...(dimension === ARTISTS ? ctx.refs.artists : ctx.refs.albums)].sort()
    const cache = ctx.state.dimensions[dimension.source]
    const stale = await carryCached(ctx, dimension, ids, cache, cacheDays, report)
    await fetchEntities(ctx, dimension, stale, cache, report)
  }
  return report
}

/**
 * Gathers the entities fetched within the cache period into one object of this run (no request),
 * taken from the raw objects that hold them; returns the ids still to fetch.
 */
async function carryCached(
  ctx: SourceContext,
  dimension: Dimension,
  ids: readonly string[],
  cache: Record<string, CachedEntity>,
  cacheDays: number,
  report: DimensionReport,
): Promise<string[]> {
  const oldest = ctx.startedAt.getTime() - cacheDays * 86_400_000
  const byKey = new Map<string, string[]>()
  const stale = new Set<string>()
  for (const id of ids) {
    const entry = cache[id]
    if (entry === undefined || Date.parse(entry.fetched_at) <= oldest) stale.add(id)
    else byKey.set(entry.key, [...(byKey.get(entry.key) ?? []), id])
  }
  if (byKey.size === 0) return [...stale].sort()
  const carried = await ctx.landing.assemble(
    { source: dimension.source, sourceId: 'cache', page: 0 },
    async () => {
      const entities: unknown[] = []
      const keys: string[] = []
      let first: RawEnvelope | undefined
      for (const [key, holders] of [...byKey].sort(([a], [b]) => (a < b ? -1 : 1))) {
        let original: RawEnvelope
        try {
          original = await ctx.landing.read(key)
        } catch {
          continue // gone from the lake: its entities are fetched again
        }
        const wanted = new Set(holders)
        entities.push(
          ...entitiesOf(original.response.body, dimension.source).filter((e) => wanted.has(idOf(e))),
        )
        keys.push(...fetchedKeys(key, original))
        if (first === undefined || original.extracted_at < first.extracted_at) first = original
      }
      if (first === undefined) return undefined
      return {
        format: RAW_ENVELOPE_FORMAT,
        // No request was made: the entities come from the objects in `carried_from`.
        request: { method: 'GET', url: `tunelake:cache/${dimension.source}` },
        api_mode: first.api_mode,
        extracted_at: first.extracted_at,
        synthetic: first.synthetic,
        response: { status: 200, body: { [dimension.source]: entities } },
        carried_from: { keys: [...new Set(keys)].sort(), carried_at: ctx.landing.carriedAt() },
      }
    },
  )
  const found = new Set(carried ? entitiesOf(carried.envelope.response.body, dimension.source).map(idOf) : [])
  for (const holders of byKey.values()) {
    for (const id of holders) {
      if (!found.has(id)) stale.add(id)
      else cache[id] = { ...cache[id]!, key: carried!.key }
    }
  }
  report.cached += found.size
  return [...stale].sort()
}

/** The entities of a body: one (Get Artist/Album) or a list (`{"artists": [...]}`, nulls dropped). */
function entitiesOf(body: unknown, plural: string): unknown[] {
  const o = asObject(body)
  if (typeof o.id === 'string') return [o]
  return asArray(o[plural]).filter((e) => e !== null)
}

function idOf(entity: unknown): string {
  return String(asObject(entity).id)
}

async function fetchEntities(
  ctx: SourceContext,
  dimension: Dimension,
  ids: readonly string[],
  cache: Record<string, CachedEntity>,
  report: DimensionReport,
): Promise<void> {
  const fetchedAt = ctx.startedAt.toISOString()
  let remaining = [...ids]
  if (ctx.mode.current === 'extended') {
    remaining = []
    const batches: string[][] = []
    for (let i = 0; i < ids.length; i += dimension.batchSize)
      batches.push(ids.slice(i, i + dimension.batchSize))
    await settleAll(
      ctx,
      batches.map(async (batch, page) => {
        const landed = await ctx.landing.page(ctx.client, {
          source: dimension.source,
          sourceId: 'batch',
          page,
          url: `/${dimension.source}?ids=${batch.join(',')}`,
          mode: 'extended',
        })
        if (landed.status === 403) {
          ctx.mode.observe('development')
          remaining.push(...batch)
          return
        }
        ctx.mode.observe('extended')
        for (const entity of asArray(asObject(landed.body)[dimension.source])) {
          const id = asObject(entity).id
          if (entity === null) report.missing++
          if (typeof id !== 'string') continue
          cache[id] = { key: landed.key!, fetched_at: fetchedAt }
          report.fetched++
        }
      }),
    )
    remaining.sort()
  }
  await settleAll(
    ctx,
    remaining.map(async (id) => {
      const landed = await ctx.landing.page(ctx.client, {
        source: dimension.source,
        sourceId: id,
        page: 0,
        url: `/${dimension.source}/${id}`,
        mode: ctx.mode.current,
      })
      if (landed.status !== 200) {
        report.missing++
        return
      }
      cache[id] = { key: landed.key!, fetched_at: fetchedAt }
      report.fetched++
    }),
  )
}
