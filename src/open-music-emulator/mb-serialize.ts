import type { OpenMusicCatalog } from './open-catalog.js'
import type { MbArtistModel, MbRecordingModel, TagModel } from './open-model.js'

/** MusicBrainz's real type ids of the two artist types the emulator uses. */
const ARTIST_TYPE_IDS = {
  Person: 'b6e035f4-3ce9-331c-97df-83397230b0df',
  Group: 'e431f5f6-b5d2-343d-8b36-72607fffb74b',
}

type Json = Record<string, unknown>

/**
 * WS/2 JSON of a recording. `topLevel` is false inside an ISRC lookup, where MusicBrainz never
 * serialises `releases` or `rating` whatever was asked (NOTES.md 1.3); `genres` are the tags
 * whose name is a genre, with the same counts.
 */
export function recordingJson(
  open: OpenMusicCatalog,
  recording: MbRecordingModel,
  inc: ReadonlySet<string>,
  topLevel: boolean,
): Json {
  const out: Json = {
    id: recording.mbid,
    title: recording.title,
    length: recording.length,
    disambiguation: recording.disambiguation,
    video: recording.video,
    ...(recording.firstReleaseDate && { 'first-release-date': recording.firstReleaseDate }),
  }
  if (inc.has('artist-credits')) {
    out['artist-credit'] = recording.credit.map((credit) => ({
      name: credit.name,
      joinphrase: credit.joinphrase,
      artist: artistJson(open, open.artist(credit.artistMbid)!, inc, false),
    }))
  }
  if (inc.has('tags')) out.tags = tagsJson(recording.tags)
  if (inc.has('genres')) out.genres = genresJson(open, recording.tags)
  if (inc.has('isrcs')) out.isrcs = [...recording.isrcs]
  if (inc.has('aliases')) out.aliases = []
  if (topLevel && inc.has('releases')) {
    out.releases = [
      {
        id: recording.release.mbid,
        title: recording.release.name,
        status: 'Official',
        'status-id': '4e304316-386d-3409-af2e-78857eec5cfe',
        disambiguation: '',
        ...(recording.release.year !== null && { date: String(recording.release.year) }),
      },
    ]
  }
  if (topLevel && inc.has('ratings')) out.rating = { value: null, 'votes-count': 0 }
  return out
}

/** WS/2 JSON of an artist: the short form inside an artist credit, the full one at the top level. */
export function artistJson(
  open: OpenMusicCatalog,
  artist: MbArtistModel,
  inc: ReadonlySet<string>,
  topLevel: boolean,
): Json {
  const out: Json = {
    id: artist.mbid,
    name: artist.name,
    'sort-name': artist.sortName,
    disambiguation: '',
    type: artist.type,
    'type-id': ARTIST_TYPE_IDS[artist.type],
    country: artist.country,
  }
  if (topLevel) {
    Object.assign(out, {
      gender: null,
      'gender-id': null,
      area: null,
      'begin-area': null,
      'end-area': null,
      'life-span': { begin: null, end: null, ended: false },
      ipis: [],
      isnis: [],
    })
  }
  if (inc.has('tags')) out.tags = tagsJson(artist.tags)
  if (inc.has('genres')) out.genres = genresJson(open, artist.tags)
  if (inc.has('aliases')) out.aliases = []
  return out
}

function tagsJson(tags: readonly TagModel[]): Json[] {
  return tags.map((t) => ({ count: t.count, name: t.name }))
}

function genresJson(open: OpenMusicCatalog, tags: readonly TagModel[]): Json[] {
  return tags.flatMap((t) => {
    const id = open.genreMbid(t.name)
    return id ? [{ count: t.count, disambiguation: '', id, name: t.name }] : []
  })
}
