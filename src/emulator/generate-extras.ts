import { randomBase62, randomHex } from './ids.js'
import type { EpisodeModel, LocalTrackModel, ShowModel } from './model.js'
import { hashInts, Random } from './prng.js'

/** Podcast episodes and local files: the odd items a real playlist contains. */
export interface ExtraData {
  episodes: EpisodeModel[]
  localTracks: LocalTrackModel[]
}

/** Generates two episodes of one show and two local files; same seed, same data. */
export function generateExtras(seed: number): ExtraData {
  const rng = new Random(hashInts(seed, 2))
  const show: ShowModel = {
    id: randomBase62(rng),
    name: 'The Synthetic Hour',
    publisher: 'Tunelake Radio',
    description: 'Conversations about music that does not exist, from the people who never made it.',
    totalEpisodes: 42,
    imageHash: randomHex(rng, 24),
  }
  const episode = (name: string, description: string, releaseDate: string): EpisodeModel => ({
    id: randomBase62(rng),
    name,
    show,
    description,
    durationMs: rng.int(1_500_000, 4_200_000),
    explicit: rng.chance(0.3),
    releaseDate,
    language: 'en',
    imageHash: randomHex(rng, 24),
    audioClipId: randomBase62(rng),
  })
  return {
    episodes: [
      episode(
        '41. Why charts move',
        'We look at fifty songs that climb, fall & come back — and why nobody can predict them.',
        '2025-10-14',
      ),
      episode(
        '42. Night drives',
        'Music for empty roads: a field guide to synthwave after midnight.',
        '2025-11-04',
      ),
    ],
    localTracks: [
      localTrack('The Waymores', 'Heart of Stone', 'Heart of Stone', 128_000),
      localTrack('Kassette Kid', 'Basement Tapes Vol. 2', 'Demo #7 (bounce)', 201_000),
    ],
  }
}

/** A local file, with Spotify's `spotify:local:Artist:Album:Title:seconds` URI (`+` for spaces). */
function localTrack(
  artistName: string,
  albumName: string,
  title: string,
  durationMs: number,
): LocalTrackModel {
  const part = (text: string) =>
    encodeURIComponent(text)
      .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
      .replace(/%20/g, '+')
  const uri = `spotify:local:${part(artistName)}:${part(albumName)}:${part(title)}:${Math.round(durationMs / 1000)}`
  return { uri, artistName, albumName, title, durationMs }
}
