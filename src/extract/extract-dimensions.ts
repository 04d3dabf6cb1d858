import type { ApiMode } from '../spotify/api-mode.js'
import type { SpotifyClient } from '../spotify/spotify-client.js'
import type { RawWriter } from './raw-writer.js'

interface Dimension {
  source: 'artists' | 'albums'
  /** The largest batch the Get Several endpoint takes. */
  batchSize: number
}

const ARTISTS: Dimension = { source: 'artists', batchSize: 50 }
const ALBUMS: Dimension = { source: 'albums', batchSize: 20 }

export interface DimensionExtraction {
  /** The mode the batch endpoints revealed: a 403 on a batch endpoint means development mode. */
  mode: ApiMode
  missing: number
}

/**
 * Full artist and album objects for the ids the playlists referenced: through the batch
 * endpoints in extended mode (50 artists, 20 albums a request), one by one where those are
 * gone (development mode, or a 403 from a batch endpoint).
 */
export async function extractDimensions(
  client: SpotifyClient,
  raw: RawWriter,
  ids: { artists: Iterable<string>; albums: Iterable<string> },
  mode: ApiMode,
): Promise<DimensionExtraction> {
  const state: DimensionExtraction = { mode, missing: 0 }
  await extractDimension(client, raw, ARTISTS, [...ids.artists].sort(), state)
  await extractDimension(client, raw, ALBUMS, [...ids.albums].sort(), state)
  return state
}

async function extractDimension(
  client: SpotifyClient,
  raw: RawWriter,
  dimension: Dimension,
  ids: string[],
  state: DimensionExtraction,
): Promise<void> {
  let remaining = ids
  if (state.mode === 'extended') {
    remaining = []
    const batches = chunk(ids, dimension.batchSize)
    await Promise.all(
      batches.map(async (batch, page) => {
        const response = await client.get(`/${dimension.source}?ids=${batch.join(',')}`)
        if (response.status === 403) {
          state.mode = 'development'
          remaining.push(...batch)
          return
        }
        await raw.write(dimension.source, 'batch', page, 'extended', response)
      }),
    )
    remaining.sort()
  }
  await Promise.all(
    remaining.map(async (id, page) => {
      const response = await client.get(`/${dimension.source}/${id}`)
      if (response.status !== 200) {
        state.missing++
        return
      }
      await raw.write(dimension.source, 'single', page, state.mode, response)
    }),
  )
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
