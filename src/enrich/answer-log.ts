import {
  OPEN_MUSIC_RAW_PREFIX,
  type OpenMusicKind,
  openMusicRawKey,
  parseOpenMusicRawKey,
} from '../lake/layout.js'
import { getText, listAll, type ObjectStore, putJson } from '../lake/object-store.js'
import type { OpenAnswer, RefusedAnswers } from '../open-music/exchange.js'
import { type AskedTrack, type OpenMusicRawAnswer, rawAnswer } from '../open-music/raw-answer.js'
import { type EnrichState, foldAnswer, isFolded, noteFolded, writeEnrichState } from './enrich-state.js'

/** Answers landed between two saves of the state (a kill re-reads at most these from the raw zone). */
const SAVE_EVERY = 25

const SERVICE_OF: Record<OpenMusicKind, 'musicbrainz' | 'listenbrainz'> = {
  isrc: 'musicbrainz',
  recording: 'musicbrainz',
  genres: 'musicbrainz',
  recording_popularity: 'listenbrainz',
  artist_popularity: 'listenbrainz',
  recording_metadata: 'listenbrainz',
  metadata_lookup: 'listenbrainz',
}

/**
 * The enrichment's writer: each answer lands as its own immutable raw object
 * (`raw/open-music/<service>/snapshot_date=<UTC date>/<kind>/<run-id>-<seq>.json`) and only then
 * is folded into the state, which is saved every few answers; so a killed run loses no answer,
 * and the next run folds in what the state had not noted yet (`catchUp`) instead of asking again.
 */
export class AnswerLog {
  #seq = 0
  #unsaved = 0
  landed = 0

  constructor(
    private readonly store: ObjectStore,
    readonly state: EnrichState,
    readonly runId: string,
  ) {}

  /**
   * Sends one question and lands every answer it gets: the refusals and failures the client
   * retried or gave up on (`refused`), then the answer it returns.
   */
  async ask(
    kind: OpenMusicKind,
    tracks: AskedTrack[],
    send: (refused: RefusedAnswers) => Promise<OpenAnswer>,
  ): Promise<void> {
    await this.land(kind, tracks, await send((answer) => this.land(kind, tracks, answer)))
  }

  async land(kind: OpenMusicKind, tracks: AskedTrack[], answer: OpenAnswer): Promise<void> {
    const service = SERVICE_OF[kind]
    const raw = rawAnswer(service, kind, tracks, answer)
    const key = openMusicRawKey({
      service,
      snapshotDate: raw.at.slice(0, 10),
      kind,
      runId: this.runId,
      seq: this.#seq++,
    })
    await putJson(this.store, key, raw)
    foldAnswer(this.state, raw)
    noteFolded(this.state, key)
    this.landed++
    if (++this.#unsaved >= SAVE_EVERY) await this.save()
  }

  async save(): Promise<void> {
    this.#unsaved = 0
    await writeEnrichState(this.store, this.state)
  }
}

/**
 * Folds into the state every raw answer it does not hold yet (a run killed between two saves, a
 * state deleted or lost), oldest run first; returns how many. Unreadable objects are skipped:
 * the transform quarantines them.
 */
export async function catchUp(store: ObjectStore, state: EnrichState): Promise<number> {
  const keys = (await listAll(store, OPEN_MUSIC_RAW_PREFIX))
    .map((o) => ({ key: o.key, parts: parseOpenMusicRawKey(o.key) }))
    .filter((o) => o.parts !== undefined && !isFolded(state, o.key))
    .sort((a, b) =>
      a.parts!.runId === b.parts!.runId
        ? a.parts!.seq - b.parts!.seq
        : a.parts!.runId < b.parts!.runId
          ? -1
          : 1,
    )
  let folded = 0
  for (const { key } of keys) {
    let raw: OpenMusicRawAnswer
    try {
      raw = JSON.parse(await getText(store, key)) as OpenMusicRawAnswer
      foldAnswer(state, raw)
      folded++
    } catch {
      // Not an answer this code can read: left to the transform's quarantine.
    }
    noteFolded(state, key)
  }
  return folded
}
