import { describe, expect, it } from 'vitest'
import { popularityScores } from './popularity-score.js'

describe('popularityScores', () => {
  it('is the percentile of the catalogue at or below each count; null stays null', () => {
    expect(popularityScores([10, null, 1000, 10])).toEqual([67, null, 100, 67])
    expect(popularityScores([0, 1, 2, 3])).toEqual([25, 50, 75, 100])
    expect(popularityScores([null, null])).toEqual([null, null])
    expect(popularityScores([5])).toEqual([100])
  })
})
