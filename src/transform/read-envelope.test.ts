import { describe, expect, it } from 'vitest'
import {
  envelope as baseEnvelope,
  EXAMPLE_PLAYLIST_ID,
  example,
  setIn,
} from '../../test/support/spotify-examples.js'
import type { RawEnvelope } from '../extract/raw-envelope.js'
import type { RawSource } from '../lake/layout.js'
import type { EnvelopeContent, ItemsPage, PlaylistContent, Track } from './envelope-content.js'
import { ResponseShapeError } from './errors.js'
import { readEnvelope } from './read-envelope.js'

const PLAYLIST_ID = EXAMPLE_PLAYLIST_ID

/** Items pages default to page 1 here: page 0 is the Get Playlist envelope. */
function envelope(source: RawSource, body: unknown, changes: Partial<RawEnvelope> = {}): RawEnvelope {
  return baseEnvelope(source, body, { page: source === 'playlist_items' ? 1 : 0, ...changes })
}

function pageOf(content: EnvelopeContent): ItemsPage {
  if (content.source !== 'playlists' && content.source !== 'playlist_items') throw new Error('not a playlist')
  if (content.items === null) throw new Error('no items page')
  return content.items
}

function shapeError(env: RawEnvelope): string {
  try {
    readEnvelope(env)
  } catch (error) {
    expect(error).toBeInstanceOf(ResponseShapeError)
    expect((error as ResponseShapeError).retryable).toBe(false)
    return (error as Error).message
  }
  throw new Error('expected readEnvelope to throw')
}

describe('readEnvelope: playlist items pages', () => {
  const extended = readEnvelope(
    envelope('playlist_items', example('responses/get-playlist-items.extended.json')),
  )
  const development = readEnvelope(
    envelope('playlist_items', example('responses/get-playlist-items.devmode-2026.json'), {
      api_mode: 'development',
    }),
  )

  it('reads the content under "track" (extended) and "item" (development) alike', () => {
    for (const content of [extended, development]) {
      const page = pageOf(content)
      expect(page.offset).toBe(0)
      expect(page.total).toBe(6)
      expect(page.next).toBeNull()
      expect(page.length).toBe(6)
      expect(page.items.map((item) => [item.index, item.content.type, item.content.name])).toEqual([
        [0, 'track', 'Left Behind'],
        [1, 'track', 'There’s Fear In Letting Go'],
        [2, 'track', 'Remember Me'],
        [3, 'episode', '20. Justin Theroux'],
        [4, 'track', 'Heart of Stone'],
      ])
      expect(page.null_items).toBe(1)
    }
  })

  it('reads a full track with its album and artists, popularity only where the mode returns it', () => {
    const track = (content: EnvelopeContent) => pageOf(content).items[0]!.content as Track
    expect(track(extended)).toMatchObject({
      id: '5G6jZFDAFlpAA9v5LTV4NI',
      name: 'Left Behind',
      duration_ms: 206924,
      isrc: 'US5262325259',
      popularity: 63,
      url: 'https://open.spotify.com/track/5G6jZFDAFlpAA9v5LTV4NI',
      album: { id: '2efABZ7jsJTkRkZALraqEM', release_date: '2023-02-08', release_date_precision: 'day' },
      artists: [{ id: '1cJ5tVoeAEFcZBAwSZ0CtF', name: 'The Plot In You' }],
    })
    expect(track(development).popularity).toBeNull()
    expect({ ...track(development), popularity: 63 }).toEqual(track(extended))
  })

  it('normalises added_at to UTC milliseconds and keeps who added the item', () => {
    const first = pageOf(extended).items[0]!
    expect(first.added_at).toBe('2025-11-02T18:21:40.000Z')
    expect(first.added_by).toBe('wizzler')
  })

  it('reads a local file with a null id', () => {
    const local = pageOf(extended).items[4]!
    expect(local.is_local).toBe(true)
    expect(local.content).toMatchObject({ type: 'track', id: null, is_local: true })
    expect(local.content.uri).toBe('spotify:local:The+Waymores:Heart+of+Stone:Heart+of+Stone:128')
  })

  it('turns an empty added_by id (editorial playlists) into null', () => {
    const body = setIn(
      example('responses/get-playlist-items.extended.json'),
      ['items', 0, 'added_by', 'id'],
      '',
    )
    expect(pageOf(readEnvelope(envelope('playlist_items', body))).items[0]!.added_by).toBeNull()
  })

  it('numbers the items of a later page from its offset', () => {
    const content = readEnvelope(
      envelope('playlist_items', example('responses/get-playlist-items.page2-limit2.devmode-2026.json')),
    )
    expect(pageOf(content).items.map((item) => item.index)).toEqual([2, 3])
    expect(pageOf(content).next).toBe(
      'https://api.spotify.com/v1/playlists/3cEYpjA9oz9GiPac4AsH4n/items?offset=4&limit=2',
    )
  })
})

describe('readEnvelope: playlists', () => {
  const read = (path: string) => readEnvelope(envelope('playlists', example(path))) as PlaylistContent

  it('reads the extended playlist with its embedded "tracks" page', () => {
    const content = read('objects/playlist.full-extended.json')
    expect(content.playlist).toEqual({
      id: PLAYLIST_ID,
      name: 'Road Trip North',
      description: 'Songs for the long drive north. Updated whenever.',
      owner_id: 'wizzler',
      snapshot_id: 'AAAAB8sZ1F3mJ0z1dX2GQ0ZC1mVtE2pLZ0m0aG9sZGVy',
      followers: 12,
      total_items: 6,
      public: true,
      collaborative: false,
    })
    expect(content.items?.items).toHaveLength(5)
  })

  it('reads the development-mode owned playlist with its embedded "items" page', () => {
    const content = read('objects/playlist.devmode-2026.owned.json')
    expect(content.playlist.total_items).toBe(6)
    expect(content.items?.items.map((item) => item.content.id)).toEqual(
      read('objects/playlist.full-extended.json').items?.items.map((item) => item.content.id),
    )
  })

  it('reads a metadata-only playlist (development mode, not owned) without items', () => {
    const content = read('objects/playlist.devmode-2026.not-owned-metadata-only.json')
    expect(content.items).toBeNull()
    expect(content.playlist).toMatchObject({ owner_id: 'someone', followers: 12, total_items: null })
  })

  it('takes the item count of a metadata-only playlist from an {href, total} stub', () => {
    const body = setIn(example('objects/playlist.devmode-2026.not-owned-metadata-only.json'), ['items'], {
      href: 'https://api.spotify.com/v1/playlists/3cEYpjA9oz9GiPac4AsH4n/items',
      total: 6,
    })
    const content = readEnvelope(envelope('playlists', body)) as PlaylistContent
    expect(content.items).toBeNull()
    expect(content.playlist.total_items).toBe(6)
  })

  it('gives null followers when the playlist has none', () => {
    const body = setIn(example('objects/playlist.full-extended.json'), ['followers'], undefined)
    expect((readEnvelope(envelope('playlists', body)) as PlaylistContent).playlist.followers).toBeNull()
  })
})

describe('readEnvelope: artists and albums', () => {
  it('reads Get Several Artists, counting null entries', () => {
    const body = { artists: [example('objects/artist.full.json'), null] }
    const content = readEnvelope(envelope('artists', body))
    if (content.source !== 'artists') throw new Error('wrong source')
    expect(content.null_entries).toBe(1)
    expect(content.artists).toEqual([
      {
        id: '2CWWgbxApjbyByxBBCvGTm',
        name: 'Katatonia',
        url: 'https://open.spotify.com/artist/2CWWgbxApjbyByxBBCvGTm',
        genres: expect.arrayContaining(['doom metal', 'swedish progressive metal']),
        followers: 327891,
        popularity: 57,
      },
    ])
  })

  it('reads a single development-mode artist with null followers, popularity and genres', () => {
    const content = readEnvelope(
      envelope('artists', example('objects/artist.devmode-2026.json'), { source_id: 'single' }),
    )
    if (content.source !== 'artists') throw new Error('wrong source')
    expect(content.artists[0]).toMatchObject({
      name: 'Katatonia',
      genres: null,
      followers: null,
      popularity: null,
    })
  })

  it('reads Get Several Albums and a single development-mode album', () => {
    const several = readEnvelope(envelope('albums', example('responses/get-several-albums.json')))
    if (several.source !== 'albums') throw new Error('wrong source')
    expect(several.null_entries).toBe(1)
    expect(several.albums[0]).toMatchObject({
      id: '4EcfbzCtbJDk2wMwhT4D1h',
      name: 'Sky Void of Stars',
      label: 'Napalm Records Handels GmbH',
      upc: '840588171736',
      popularity: 57,
      total_tracks: 11,
    })
    const single = readEnvelope(envelope('albums', example('objects/album.devmode-2026.json')))
    if (single.source !== 'albums') throw new Error('wrong source')
    expect(single.albums[0]).toMatchObject({ label: null, popularity: null, upc: '840588171736' })
  })
})

describe('readEnvelope: shapes it refuses', () => {
  const items = example('responses/get-playlist-items.extended.json')

  it('refuses an error response', () => {
    const env = envelope('playlists', example('errors/404.not-found.json'), {
      response: { status: 404, body: example('errors/404.not-found.json') },
    })
    expect(shapeError(env)).toMatch(/^the raw object holds an error response \(status 404/)
  })

  it('refuses an unknown shape', () => {
    expect(shapeError(envelope('playlist_items', { hello: 'world' }))).toBe(
      'unexpected playlist_items response: body.items must be an array (got nothing)',
    )
    expect(shapeError(envelope('artists', example('objects/album.full.json')))).toBe(
      'unexpected artists response: body is neither {"artists": [...]} nor an object of type "artist"',
    )
    expect(shapeError(envelope('albums', [1, 2]))).toBe(
      'unexpected albums response: body must be an object (got an array)',
    )
  })

  it('refuses items that are not an array', () => {
    expect(shapeError(envelope('playlist_items', setIn(items, ['items'], { 0: {} })))).toBe(
      'unexpected playlist_items response: body.items must be an array (got an object)',
    )
  })

  it('refuses a track whose id is a number or whose duration is a string', () => {
    expect(shapeError(envelope('playlist_items', setIn(items, ['items', 2, 'track', 'id'], 42)))).toBe(
      'unexpected playlist_items response: body.items[2].track.id must be a string or null (got a number)',
    )
    expect(
      shapeError(envelope('playlist_items', setIn(items, ['items', 0, 'track', 'duration_ms'], '206924'))),
    ).toBe(
      'unexpected playlist_items response: body.items[0].track.duration_ms must be an integer or null (got a string)',
    )
  })

  it('refuses an item of an unknown type and an unreadable added_at', () => {
    expect(
      shapeError(envelope('playlist_items', setIn(items, ['items', 0, 'track', 'type'], 'chapter'))),
    ).toContain('body.items[0].track.type must be "track" or "episode" (got "chapter")')
    expect(
      shapeError(envelope('playlist_items', setIn(items, ['items', 0, 'added_at'], 'last week'))),
    ).toContain('body.items[0].added_at must be an ISO-8601 instant')
  })

  it('refuses a playlist whose id is not the one the envelope was for', () => {
    const body = setIn(example('objects/playlist.full-extended.json'), ['id'], 'otherPlaylist')
    expect(shapeError(envelope('playlists', body))).toContain(
      `body.id is otherPlaylist, but the envelope is for playlist ${PLAYLIST_ID}`,
    )
  })
})
