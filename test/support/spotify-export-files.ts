import { createWriteStream } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ZipWriter } from '../../src/emulator/export/zip-writer.js'

/** The synthetic example files of test/fixtures/spotify-export. */
export const EXPORT_EXAMPLES = fileURLToPath(new URL('../fixtures/spotify-export/', import.meta.url))

export const EXAMPLE_FILES = {
  audio: 'Streaming_History_Audio_2024-2025_0.json',
  endsong: 'endsong_0.json',
  music: 'StreamingHistory_music_0.json',
  podcast: 'StreamingHistory_podcast_0.json',
} as const

export async function exampleRows(file: string): Promise<Record<string, unknown>[]> {
  return JSON.parse(await readFile(path.join(EXPORT_EXAMPLES, file), 'utf8')) as Record<string, unknown>[]
}

/** A fresh folder holding `files` (name → rows, or a path of test/fixtures/spotify-export to copy). */
export async function exportFolder(
  files: Record<string, unknown[] | string>,
  label = 'export',
): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `tunelake-${label}-`))
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name)
    await mkdir(path.dirname(file), { recursive: true })
    if (typeof content === 'string') await copyFile(path.join(EXPORT_EXAMPLES, content), file)
    else await writeFile(file, JSON.stringify(content, null, 2))
  }
  return dir
}

/** The folder as a zip, entries deflated as Spotify's are (the emulator's zip writer); returns the zip's path. */
export async function zipFolder(dir: string, zipPath = `${dir}.zip`): Promise<string> {
  const zip = new ZipWriter(createWriteStream(zipPath), new Date('2026-12-01T00:00:00Z'))
  const walk = async (relative: string): Promise<void> => {
    for (const dirent of await readdir(path.join(dir, relative), { withFileTypes: true })) {
      const inner = relative === '' ? dirent.name : `${relative}/${dirent.name}`
      if (dirent.isDirectory()) await walk(inner)
      else {
        const entry = await zip.add(inner)
        await entry.write(await readFile(path.join(dir, inner), 'utf8'))
        await entry.end()
      }
    }
  }
  await walk('')
  await zip.finish()
  return zipPath
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** A 22-character Spotify-like id from a number. */
export function fakeId(n: number, prefix = 'T'): string {
  let out = ''
  let value = n
  for (let i = 0; i < 8; i++) {
    out = BASE62[value % 62]! + out
    value = Math.floor(value / 62)
  }
  return `${prefix}${out}`.padEnd(22, 'x')
}

/**
 * `count` streams in the 2025 (23-key) shape, one every 4 minutes from `startMs`, each of one of
 * `tracks` tracks, `ms_played` 3 minutes; `seed` varies the tracks between accounts.
 */
export function streamRows(startMs: number, count: number, options: { tracks?: number; seed?: number } = {}) {
  const tracks = options.tracks ?? 7
  const seed = options.seed ?? 0
  return Array.from({ length: count }, (_, i) => {
    const track = (i * 5 + seed * 3) % tracks
    return {
      ts: new Date(startMs + i * 240_000).toISOString().replace('.000Z', 'Z'),
      platform: 'android',
      ms_played: 180_000,
      conn_country: 'DE',
      ip_addr: '192.0.2.10',
      master_metadata_track_name: `Track ${seed}-${track}`,
      master_metadata_album_artist_name: `Artist ${seed}-${track % 3}`,
      master_metadata_album_album_name: `Album ${seed}-${track % 2}`,
      spotify_track_uri: `spotify:track:${fakeId(seed * 1000 + track)}`,
      episode_name: null,
      episode_show_name: null,
      spotify_episode_uri: null,
      audiobook_title: null,
      audiobook_uri: null,
      audiobook_chapter_uri: null,
      audiobook_chapter_title: null,
      reason_start: 'trackdone',
      reason_end: 'trackdone',
      shuffle: false,
      skipped: false,
      offline: false,
      offline_timestamp: Math.floor((startMs + i * 240_000 - 180_000) / 1000),
      incognito_mode: false,
    }
  })
}
