import type { SyntheticCatalog } from './catalog.js'
import type { EpisodeModel, LocalTrackModel, PlaylistEntry, PlaylistItemRef } from './model.js'
import {
  CANONICAL_API_BASE,
  type CatalogRenderer,
  images,
  type Json,
  links,
  OPEN_BASE,
} from './render-catalog.js'

const EPISODE_IMAGES: readonly [string, number][] = [
  ['ab6765630000ba8a', 640],
  ['ab67656300005f1f', 300],
  ['ab6765630000f68d', 64],
]

/** A user reference (`added_by`); Spotify's editorial playlists use the empty id. */
export function userRef(id: string): Json {
  return {
    external_urls: { spotify: `${OPEN_BASE}/user/${id}` },
    href: `${CANONICAL_API_BASE}/users/${id}`,
    id,
    type: 'user',
    uri: `spotify:user:${id}`,
  }
}

/**
 * One playlist item: `track` key in extended shape (content before `video_thumbnail`),
 * `item` key in development shape (content last), as in the playlist-item examples.
 */
export function renderPlaylistItem(
  renderer: CatalogRenderer,
  catalog: SyntheticCatalog,
  entry: PlaylistEntry,
  key: 'track' | 'item',
): Json {
  const content = renderContent(renderer, catalog, entry.ref)
  return {
    added_at: entry.addedAt,
    added_by: userRef(entry.addedBy),
    is_local: entry.ref.type === 'local',
    primary_color: null,
    ...(key === 'track' && { track: content }),
    video_thumbnail: { url: null },
    ...(key === 'item' && { item: content }),
  }
}

function renderContent(
  renderer: CatalogRenderer,
  catalog: SyntheticCatalog,
  ref: PlaylistItemRef,
): Json | null {
  const extended = renderer.mode === 'extended'
  switch (ref.type) {
    case 'track': {
      const track = catalog.track(ref.id)
      return track ? renderer.track(track, true) : null
    }
    case 'episode': {
      const episode = catalog.episode(ref.id)
      return episode ? renderEpisode(episode, extended && !renderer.forUser) : null
    }
    case 'local': {
      const local = catalog.localTrack(ref.uri)
      return local ? renderLocalTrack(local, extended, !renderer.forUser) : null
    }
    case 'null':
      return null
  }
}

/**
 * An episode as it appears in a playlist item (examples/objects/playlist-item.episode.extended.json);
 * `markets` adds the show's `available_markets` (extended mode, app token).
 */
export function renderEpisode(episode: EpisodeModel, markets: boolean): Json {
  const { show } = episode
  return {
    audio_preview_url: `https://podz-content.spotifycdn.com/audio/clips/${episode.audioClipId}/clip_402900_446200.mp3`,
    description: episode.description,
    duration_ms: episode.durationMs,
    episode: true,
    explicit: episode.explicit,
    ...withoutId(links('episode', 'episodes', episode.id)),
    html_description: escapeHtml(episode.description),
    id: episode.id,
    images: images(episode.imageHash, EPISODE_IMAGES),
    is_externally_hosted: false,
    is_playable: true,
    language: episode.language,
    languages: [episode.language],
    name: episode.name,
    release_date: episode.releaseDate,
    release_date_precision: 'day',
    show: {
      ...(markets && { available_markets: ['DE', 'GB', 'SE', 'US'] }),
      copyrights: [],
      description: show.description,
      explicit: false,
      ...withoutId(links('show', 'shows', show.id)),
      html_description: escapeHtml(show.description),
      id: show.id,
      images: images(show.imageHash, EPISODE_IMAGES),
      is_externally_hosted: false,
      languages: ['en'],
      media_type: 'audio',
      name: show.name,
      publisher: show.publisher,
      total_episodes: show.totalEpisodes,
      type: 'show',
      uri: `spotify:show:${show.id}`,
    },
    track: false,
    type: 'episode',
    uri: `spotify:episode:${episode.id}`,
  }
}

/** A local file (examples/objects/track.local.json): ids, hrefs and URIs null, `spotify:local:` URI. */
export function renderLocalTrack(local: LocalTrackModel, extended: boolean, markets = true): Json {
  return {
    album: {
      album_type: null,
      artists: [],
      ...(extended && markets && { available_markets: [] }),
      external_urls: {},
      href: null,
      id: null,
      images: [],
      name: local.albumName,
      release_date: null,
      release_date_precision: null,
      type: 'album',
      uri: null,
    },
    artists: [{ external_urls: {}, href: null, id: null, name: local.artistName, type: 'artist', uri: null }],
    ...(extended && markets && { available_markets: [] }),
    disc_number: 0,
    duration_ms: local.durationMs,
    explicit: false,
    external_ids: {},
    external_urls: {},
    href: null,
    id: null,
    is_local: true,
    name: local.title,
    ...(extended && { popularity: 0 }),
    preview_url: null,
    track_number: 0,
    type: 'track',
    uri: local.uri,
  }
}

function withoutId(value: { external_urls: Json; href: string; id: string }) {
  return { external_urls: value.external_urls, href: value.href }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;')
}
