import { mbError } from './reply.js'

/** A WS/2 resource the emulator serves lookups of. */
export type MbResource = 'isrc' | 'recording' | 'artist'

const REL_TARGETS = [
  'area',
  'artist',
  'event',
  'genre',
  'instrument',
  'label',
  'place',
  'recording',
  'release',
  'release-group',
  'series',
  'url',
  'work',
]
const RELS = REL_TARGETS.map((t) => `${t}-rels`)
const USER = ['user-tags', 'user-genres', 'user-ratings']

/** The `inc` values each resource accepts, from the server's Validator (NOTES.md 1.2). */
const ALLOWED: Record<MbResource, readonly string[]> = {
  isrc: [
    'artists',
    'releases',
    'puids',
    'isrcs',
    'artist-credits',
    'aliases',
    'tags',
    'user-tags',
    'ratings',
    'user-ratings',
    ...RELS,
  ],
  recording: [
    'artists',
    'releases',
    'release-groups',
    'artist-credits',
    'puids',
    'isrcs',
    'aliases',
    'annotation',
    'tags',
    'user-tags',
    'genres',
    'user-genres',
    'ratings',
    'user-ratings',
    'work-level-rels',
    ...RELS,
  ],
  artist: [
    'recordings',
    'releases',
    'release-groups',
    'works',
    'aliases',
    'annotation',
    'tags',
    'user-tags',
    'genres',
    'user-genres',
    'ratings',
    'user-ratings',
    ...RELS,
  ],
}
/** Subqueries only valid together with `releases`. */
const WITH_RELEASES = ['discids', 'media']

/**
 * The `inc` words of a lookup, checked as MusicBrainz checks them: one `inc` parameter only,
 * words split on `+` or a space, each allowed for the resource (else 400 with the server's exact
 * text), `user-*` only for an authenticated user (401). `artists` is an alias of `artist-credits`.
 */
export function parseInc(resource: MbResource, query: URLSearchParams): Set<string> {
  const all = query.getAll('inc')
  if (all.length > 1) {
    throw mbError(
      400,
      'Inc arguments must be combined with a space (+ or %20), but you provided multiple parameters',
    )
  }
  const words = (all[0] ?? '').split(/[+ ]/).filter(Boolean)
  for (const word of words) {
    const allowed =
      ALLOWED[resource].includes(word) || (WITH_RELEASES.includes(word) && words.includes('releases'))
    if (!allowed) throw mbError(400, `${word} is not a valid inc parameter for the ${resource} resource.`)
  }
  // The emulator has no user accounts: every user-* inc is unauthenticated.
  const user = words.find((w) => USER.includes(w))
  if (user) throw mbError(401, 'You are not authorized to access this resource.')
  const inc = new Set(words)
  if (inc.has('artists')) inc.add('artist-credits')
  return inc
}
