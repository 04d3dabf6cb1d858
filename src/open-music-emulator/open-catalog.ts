import { type SyntheticCatalog, syntheticCatalog } from '../emulator/catalog.js'
import { GENRE_NAMES, generateOpenMusic, nameKey, type OpenMusicData } from './generate-open-music.js'
import { mbidOf } from './mbid.js'
import type { MbArtistModel, MbRecordingModel, TagModel, TrackScenario } from './open-model.js'

/**
 * MusicBrainz's and ListenBrainz's view of the synthetic Spotify catalog of one seed: the same
 * ISRCs, artists and albums, with MBIDs, tags, genres and listening counts derived
 * deterministically (same seed, same answers).
 *
 * @example
 * const open = openMusicCatalog(2026)
 * open.recordingsByIsrc(track.isrc) // the recordings an ISRC lookup returns (undefined: 404)
 */
export class OpenMusicCatalog {
  readonly genreNames: readonly string[] = GENRE_NAMES
  private readonly data: OpenMusicData

  constructor(readonly spotify: SyntheticCatalog) {
    this.data = generateOpenMusic(spotify)
  }

  recordingsByIsrc(isrc: string): readonly MbRecordingModel[] | undefined {
    return this.data.byIsrc.get(isrc)
  }

  recording(mbid: string): MbRecordingModel | undefined {
    return this.data.recordings.get(mbid)
  }

  artist(mbid: string): MbArtistModel | undefined {
    return this.data.artists.get(mbid)
  }

  /** The MBID an old (merged) recording or artist MBID now redirects to. */
  mergedInto(mbid: string): string | undefined {
    return this.data.merged.get(mbid)
  }

  /** Old MBIDs and where they point, for tests. */
  mergedMbids(): [string, string][] {
    return [...this.data.merged]
  }

  releaseGroupTags(releaseGroupMbid: string): readonly TagModel[] {
    return this.data.releaseGroupTags.get(releaseGroupMbid) ?? []
  }

  /** The MBID ListenBrainz's exact lookup answers for an artist credit and a title, if any. */
  lookup(artistCredit: string, recordingName: string): string | undefined {
    return this.data.byName.get(nameKey(artistCredit, recordingName))
  }

  /** Which hard case (if any) a Spotify track exercises. */
  scenario(spotifyTrackId: string): TrackScenario | undefined {
    return this.data.scenarios.get(spotifyTrackId)
  }

  /** The MBID of a genre (genres are MusicBrainz entities with their own ids). */
  genreMbid(name: string): string | undefined {
    return this.genreNames.includes(name) ? mbidOf(`genre:${name}`) : undefined
  }

  /** The MBID of a Spotify artist's MusicBrainz artist. */
  artistMbidOf(spotifyArtistId: string): string {
    return mbidOf(`artist:${spotifyArtistId}`)
  }
}

const catalogs = new Map<number, OpenMusicCatalog>()

/** The (cached) open-music view of the synthetic catalog of `seed`. */
export function openMusicCatalog(seed = 2026): OpenMusicCatalog {
  let catalog = catalogs.get(seed)
  if (!catalog) {
    catalog = new OpenMusicCatalog(syntheticCatalog(seed))
    catalogs.set(seed, catalog)
  }
  return catalog
}
