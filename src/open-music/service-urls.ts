/** MusicBrainz's WS/2 root and ListenBrainz's API root, as the config's defaults. */
export const MUSICBRAINZ_URL = 'https://musicbrainz.org/ws/2'
export const LISTENBRAINZ_URL = 'https://api.listenbrainz.org/1'
