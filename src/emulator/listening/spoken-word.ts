import { randomBase62 } from '../ids.js'
import { hashInts, Random } from '../prng.js'

/** A podcast episode as a stream names it. */
export interface EpisodeItem {
  id: string
  name: string
  showName: string
  durationMs: number
}

/** An audiobook chapter as a stream names it (Spotify exports give the book a `spotify:show:` URI). */
export interface ChapterItem {
  bookId: string
  bookTitle: string
  chapterId: string
  /** Null on some chapters, as real exports have it. */
  chapterTitle: string | null
  durationMs: number
}

interface Show {
  name: string
  /** Days between episodes. */
  every: number
  topics: readonly string[]
}

const SHOWS: readonly Show[] = [
  {
    name: 'The Synthetic Hour',
    every: 7,
    topics: ['Why charts move', 'Night drives', 'The lost B-sides', 'Who writes the hooks', 'Tape hiss'],
  },
  {
    name: 'Tunelake Daily Brief',
    every: 1,
    topics: ['Morning edition', 'What changed overnight', 'Five minutes of news', 'The day ahead'],
  },
  {
    name: 'Slow Radio Stories',
    every: 14,
    topics: ['The harbour at dawn', 'A train through snow', 'Rain on a tin roof', 'The night market'],
  },
]

const BOOKS = ['The Lighthouse Ledger', 'Maps of Quiet Cities', 'An Atlas of Small Weather'] as const
const CHAPTERS_PER_BOOK = 24
/** Day 0 of every show's numbering (any day before or after works). */
const SHOWS_START = -4000

/**
 * The podcast episode the listener picks on `day`: one of the last three of a show (the daily
 * brief on weekday mornings when `morning`), with an id, name and length fixed by the seed.
 */
export function episodeOn(seed: number, rng: Random, day: number, morning: boolean): EpisodeItem {
  const showIndex = morning && rng.chance(0.6) ? 1 : rng.chance(0.7) ? 0 : 2
  const show = SHOWS[showIndex]!
  const number = Math.floor((day - SHOWS_START) / show.every) - rng.int(0, 2)
  const own = new Random(hashInts(seed, 0xe915, showIndex, number))
  return {
    id: randomBase62(own),
    name: `${number}. ${own.pick(show.topics)}`,
    showName: show.name,
    durationMs: showIndex === 1 ? own.int(300_000, 720_000) : own.int(1_500_000, 4_200_000),
  }
}

/** The audiobook chapter the listener is on at `day`: one book after another, a chapter every few days. */
export function chapterOn(seed: number, day: number): ChapterItem {
  const progress = Math.floor((day - SHOWS_START) / 4)
  const bookIndex = Math.floor(progress / CHAPTERS_PER_BOOK)
  const chapter = progress - bookIndex * CHAPTERS_PER_BOOK + 1
  const book = new Random(hashInts(seed, 0xb00c, bookIndex))
  const own = new Random(hashInts(seed, 0xc4a9, bookIndex, chapter))
  return {
    bookId: randomBase62(book),
    bookTitle: BOOKS[((bookIndex % BOOKS.length) + BOOKS.length) % BOOKS.length]!,
    chapterId: randomBase62(own),
    chapterTitle: own.chance(0.15) ? null : `Chapter ${chapter}`,
    durationMs: own.int(900_000, 2_700_000),
  }
}
