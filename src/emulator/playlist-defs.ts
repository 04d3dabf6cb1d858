import type { PlaylistInfo, UserModel } from './model.js'

/** The demo user: this emulator version treats it as the app's own developer account. */
export const DEMO_USER: UserModel = { id: 'tunelake-demo', displayName: 'tunelake demo user' }
/** Owner of editorial playlists such as the Top 50. */
export const SPOTIFY_USER: UserModel = { id: 'spotify', displayName: 'Spotify' }
/** Another user, whose playlist a Development-Mode app may only see the metadata of. */
export const OTHER_USER: UserModel = { id: 'mara.listens', displayName: 'Mara' }

/** The playlist ids are fixed (independent of the seed), so configs can name them. */
export const PLAYLIST_IDS = {
  chart: '37i9dQZF1E4tLk5OdAiLyT',
  nightDrive: '4nTlDrv7Xq2KpWb9ZcR1mE',
  focusFlow: '6fCsFl0wQ8rZtP3kLmN5vY',
  weekendMix: '1wKeNdMx9aB4cD7eF2gH6j',
  dailyMirror: '5dLy50MrRr0rQ2sT8uV4wX',
  indieFinds: '7iNdFnDs3kJ9hG5fD1sA0q',
} as const

/** Static metadata of every playlist the emulator serves. */
export const PLAYLISTS: readonly PlaylistInfo[] = [
  {
    id: PLAYLIST_IDS.chart,
    name: 'Top 50 - Global',
    description: 'Your daily update of the most played tracks right now - Global.',
    owner: SPOTIFY_USER,
    kind: 'chart',
    followers: 17_512_309,
    public: true,
  },
  {
    id: PLAYLIST_IDS.nightDrive,
    name: 'Night Drive',
    description: 'Neon, chrome &amp; empty roads. Synthwave and dream pop for after midnight.',
    owner: DEMO_USER,
    kind: 'user',
    followers: 37,
    public: true,
  },
  {
    id: PLAYLIST_IDS.focusFlow,
    name: 'Focus Flow',
    description: 'Instrumental-ish, no surprises. Ambient, lo-fi and jazz to work to.',
    owner: DEMO_USER,
    kind: 'user',
    followers: 12,
    public: true,
  },
  {
    id: PLAYLIST_IDS.weekendMix,
    name: 'Weekend Mix',
    description: null,
    owner: DEMO_USER,
    kind: 'user',
    followers: 5,
    public: false,
  },
  {
    id: PLAYLIST_IDS.dailyMirror,
    name: 'Daily 50 mirror',
    description: 'A copy of today&#x27;s Top 50, refreshed every morning by a script.',
    owner: DEMO_USER,
    kind: 'mirror',
    followers: 0,
    public: true,
  },
  {
    id: PLAYLIST_IDS.indieFinds,
    name: 'Indie Finds',
    description: 'New indie I keep coming back to.',
    owner: OTHER_USER,
    kind: 'user',
    followers: 214,
    public: true,
  },
]

/** Genres each evolving user playlist draws its tracks from. */
export const PLAYLIST_GENRES: Readonly<Record<string, readonly string[]>> = {
  [PLAYLIST_IDS.nightDrive]: ['synthwave', 'chillwave', 'dream pop', 'city pop', 'deep house', 'techno'],
  [PLAYLIST_IDS.focusFlow]: ['ambient', 'lo-fi beats', 'jazz fusion', 'bossa nova', 'indie folk', 'neo soul'],
  [PLAYLIST_IDS.weekendMix]: ['afrobeats', 'k-pop', 'reggaeton', 'latin pop', 'hip hop', 'house', 'trap'],
  [PLAYLIST_IDS.indieFinds]: [
    'indie pop',
    'shoegaze',
    'post-punk',
    'bedroom pop',
    'alt rock',
    'singer-songwriter',
  ],
}
