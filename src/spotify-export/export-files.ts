/**
 * Which files of a Spotify data export hold listening history, by name and by content
 * (spotify-export NOTES.md section 1). Names changed over the years (`endsong_N.json` until
 * 2023, then `Streaming_History_Audio_<years>_<N>.json`; the Account data package's
 * `StreamingHistoryN.json`, then `StreamingHistory_music_N.json`), folders too, so only the
 * base name counts, and the first entry must have the keys of its kind.
 */

/** The two packages that hold listening: Extended streaming history, and Account data's last year. */
export type ExportPackage = 'extended' | 'account'

/** What one listening file holds; also the source id of the raw objects its streams land in. */
export type ExportStream =
  | 'extended-audio'
  | 'extended-video'
  | 'account-music'
  | 'account-podcast'
  | 'account-audiobook'

export const EXPORT_STREAMS: readonly ExportStream[] = [
  'extended-audio',
  'extended-video',
  'account-music',
  'account-podcast',
  'account-audiobook',
]

export function packageOf(stream: ExportStream): ExportPackage {
  return stream.startsWith('extended-') ? 'extended' : 'account'
}

const EXTENDED_AUDIO = /^(streaming_history_audio_.*|endsong(_\d+)?)\.json$/i
const EXTENDED_VIDEO = /^(streaming_history_video_.*|endvideo.*)\.json$/i
const ACCOUNT = /^streaminghistory(_music|_podcast|_audiobook)?_?\d+\.json$/i

/** The stream a file's base name announces (its content must agree), or undefined. */
export function streamOfName(basename: string): ExportStream | undefined {
  if (EXTENDED_AUDIO.test(basename)) return 'extended-audio'
  if (EXTENDED_VIDEO.test(basename)) return 'extended-video'
  const account = ACCOUNT.exec(basename)
  if (!account) return undefined
  if (/podcast/i.test(account[1] ?? '')) return 'account-podcast'
  if (/audiobook/i.test(account[1] ?? '')) return 'account-audiobook'
  return 'account-music'
}

/**
 * The stream a file's first entry shows: Extended rows have `ts` and `ms_played`; Account data
 * rows `endTime` and `msPlayed`, with artist and track, podcast and episode, or audiobook and
 * chapter names. Undefined for anything else (another service's history, another kind of file).
 */
export function streamOfEntry(entry: unknown, video = false): ExportStream | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined
  const has = (key: string) => key in entry
  if (has('ts') && has('ms_played')) return video ? 'extended-video' : 'extended-audio'
  if (!has('endTime') || !has('msPlayed')) return undefined
  if (has('podcastName') || has('episodeName')) return 'account-podcast'
  if (has('audiobookName') || has('chapterName')) return 'account-audiobook'
  if (has('trackName') || has('artistName')) return 'account-music'
  return undefined
}

/** The keys a stream's rows must have, for messages. */
export function expectedKeys(stream: ExportStream): string {
  return packageOf(stream) === 'extended' ? '"ts" and "ms_played"' : '"endTime" and "msPlayed"'
}

const SPOTIFY_FOLDERS =
  /(^|\/)(MyData|Spotify Account Data|Spotify Extended Streaming History|Spotify Technical Log Information)\//i
const SPOTIFY_FILES =
  /^(Userdata|Identity|YourLibrary|Playlist\d+|SearchQueries|Follow|Inferences|Payments|Marquee|YourSoundCapsule|Wrapped\d*)\.json$|^Read_?Me_?First.*\.pdf$/i

/** True for files every Spotify package has (user data, library, technical logs, read-me PDFs). */
export function isSpotifyPackageFile(path: string, basename: string): boolean {
  return SPOTIFY_FOLDERS.test(path) || SPOTIFY_FILES.test(basename)
}

/** The Account data package's file that names the account (its `username`). */
export function isUserdataFile(basename: string): boolean {
  return /^userdata\.json$/i.test(basename)
}

/**
 * The file tunelake's emulator puts in the exports it invents (`{"synthetic": true, ...}`): the
 * streams of such an export are marked synthetic in the lake, as the emulator's API answers are.
 */
export function isSyntheticMarker(basename: string): boolean {
  return basename === 'tunelake-synthetic.json'
}
