import { describe, expect, it } from 'vitest'
import { ANSWER_TTL_MS, NO_TOKEN_REASON, planEnrichment } from './enrich-plan.js'
import { emptyEnrichState } from './enrich-state.js'
import type { LakeTrack } from './lake-tracks.js'

const NOW = Date.parse('2026-12-02T12:00:00Z')
const DAY = 86_400_000
const at = (daysAgo: number) => new Date(NOW - daysAgo * DAY).toISOString()
const REC_A = '11111111-1111-4111-8111-111111111111'
const REC_B = '22222222-2222-4222-8222-222222222222'
const ARTIST = '33333333-3333-4333-8333-333333333333'

const track = (over: Partial<LakeTrack> = {}): LakeTrack => ({
  track_id: 't1',
  isrc: 'us-sm1-59-00118',
  name: 'Flamenco Sketches',
  artists: ['Miles Davis'],
  album: 'Kind of Blue',
  duration_ms: 565_000,
  ...over,
})

/** A state where the track's ISRC matched two recordings, each answered `daysAgo` days ago. */
function answered(daysAgo: { isrc: number; lb: number }) {
  const state = emptyEnrichState()
  state.genres = at(1)
  state.isrc.USSM15900118 = {
    at: at(daysAgo.isrc),
    status: 200,
    recordings: [REC_A, REC_B],
    artists: [ARTIST],
  }
  for (const mbid of [REC_A, REC_B]) {
    state.recording_metadata[mbid] = { at: at(daysAgo.lb), found: true }
    state.recording_popularity[mbid] = at(daysAgo.lb)
  }
  state.artist_popularity[ARTIST] = at(daysAgo.lb)
  return state
}

describe('what the enrichment asks next', () => {
  it('asks the normalised ISRC of a track never asked, once for every track holding it', () => {
    const { work, views } = planEnrichment(emptyEnrichState(), [track(), track({ track_id: 't2' })], {
      now: NOW,
      hasToken: false,
    })
    expect([...work.isrcs]).toEqual([['USSM15900118', ['t1', 't2']]])
    expect(work.genres).toBe(true)
    expect(views.get('t1')).toEqual({ standing: 'pending' })
  })

  it('asks nothing while every answer is fresh, and says when the first expires', () => {
    const { work, views } = planEnrichment(answered({ isrc: 29, lb: 6 }), [track()], {
      now: NOW,
      hasToken: false,
    })
    expect(
      work.isrcs.size + work.metadata.size + work.recordingPopularity.size + work.artistPopularity.size,
    ).toBe(0)
    expect(views.get('t1')).toEqual({ standing: 'enriched', due: NOW + DAY })
  })

  it('asks again what expired: ListenBrainz counts after 7 days, metadata after 14, the ISRC after 30', () => {
    const week = planEnrichment(answered({ isrc: 10, lb: 7 }), [track()], { now: NOW, hasToken: false }).work
    expect([...week.recordingPopularity.keys()]).toEqual([REC_A, REC_B])
    expect([...week.artistPopularity.keys()]).toEqual([ARTIST])
    expect(week.metadata.size).toBe(0)
    expect(week.isrcs.size).toBe(0)
    const month = planEnrichment(answered({ isrc: 30, lb: 14 }), [track()], {
      now: NOW,
      hasToken: false,
    }).work
    expect(month.metadata.size).toBe(2)
    expect([...month.isrcs.keys()]).toEqual(['USSM15900118'])
    expect(ANSWER_TTL_MS.musicbrainz).toBe(30 * DAY)
  })

  it('without an ISRC match: the lookup by names with a token, the reason without one', () => {
    const state = emptyEnrichState()
    state.isrc.USSM15900118 = { at: at(1), status: 404, recordings: [], artists: [] }
    const tracks = [track(), track({ track_id: 't2', isrc: null })]
    const withToken = planEnrichment(state, tracks, { now: NOW, hasToken: true })
    expect(withToken.work.lookups.map((t) => t.track_id)).toEqual(['t1', 't2'])
    const without = planEnrichment(state, tracks, { now: NOW, hasToken: false })
    expect(without.work.lookups).toEqual([])
    expect(without.views.get('t2')).toEqual({ standing: 'unmatched', reason: NO_TOKEN_REASON })
    expect(without.work.held.get('t1')).toBe(NO_TOKEN_REASON)
  })

  it('follows a merged MBID found by names: MusicBrainz 301, then ListenBrainz for the new MBID', () => {
    const state = emptyEnrichState()
    state.lookup.t1 = { at: at(1), recording: REC_A, artists: [ARTIST] }
    state.recording_metadata[REC_A] = { at: at(1), found: false }
    const asks = planEnrichment(state, [track({ isrc: null })], { now: NOW, hasToken: true }).work
    expect([...asks.recordings.keys()]).toEqual([REC_A])
    state.recording[REC_A] = { at: at(1), status: 301, moved_to: REC_B, artists: [] }
    const next = planEnrichment(state, [track({ isrc: null })], { now: NOW, hasToken: true }).work
    expect([...next.metadata.keys()]).toEqual([REC_B])
    expect([...next.recordingPopularity.keys()]).toContain(REC_B)
  })
})
