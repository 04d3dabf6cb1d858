/**
 * A 0-100 popularity for each of a catalogue's listener counts (NOTES.md 4.5): the share of the
 * catalogue, in percent rounded to a whole number, whose log1p(total_user_count) is at most this
 * one's (so the most listened is 100, equal counts score the same). A null count scores null,
 * not 0, and takes no part. The log makes no difference to a percentile; it is kept so the rule
 * reads as the notes state it.
 *
 * @example
 * popularityScores([10, null, 1000, 10]) // [67, null, 100, 67]
 */
export function popularityScores(users: readonly (number | null)[]): (number | null)[] {
  const known = users
    .filter((u): u is number => u !== null)
    .map(Math.log1p)
    .sort((a, b) => a - b)
  return users.map((u) => {
    if (u === null) return null
    const value = Math.log1p(u)
    return Math.round((100 * atMost(known, value)) / known.length)
  })
}

/** How many of the sorted values are at most `value`. */
function atMost(sorted: readonly number[], value: number): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (sorted[mid]! <= value) low = mid + 1
    else high = mid
  }
  return low
}
