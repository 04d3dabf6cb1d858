import { createHash } from 'node:crypto'
import type { PlaylistEntry } from './model.js'

const cache = new WeakMap<readonly PlaylistEntry[], string>()

/**
 * A playlist's `snapshot_id`: a hash of its items, so it changes exactly when they do (an
 * unchanged day shares the previous day's array, so the hash is computed once per version).
 */
export function snapshotIdOf(playlistId: string, entries: readonly PlaylistEntry[]): string {
  let snapshot = cache.get(entries)
  if (!snapshot) {
    const hash = createHash('sha256').update(playlistId)
    for (const e of entries) hash.update(`\n${e.addedAt}|${e.addedBy}|${refKey(e)}`)
    snapshot = hash.digest().subarray(0, 30).toString('base64')
    cache.set(entries, snapshot)
  }
  return snapshot
}

function refKey(entry: PlaylistEntry): string {
  const { ref } = entry
  if (ref.type === 'track' || ref.type === 'episode') return `${ref.type}:${ref.id}`
  return ref.type === 'local' ? ref.uri : 'null'
}
