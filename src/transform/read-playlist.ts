import { normaliseInstant } from './dates.js'
import type { ItemsPage, PlaylistItem, PlaylistMeta } from './envelope-content.js'
import {
  array,
  int,
  type JsonObject,
  object,
  optBool,
  optInt,
  optObject,
  optStr,
  ShapeProblem,
} from './json-shape.js'
import { counterTotal, readItemContent } from './read-catalog-objects.js'

export interface ReadPlaylist {
  readonly playlist: PlaylistMeta
  readonly items: ItemsPage | null
}

/**
 * A full Playlist (Get Playlist). Its contents page sits under `tracks` (extended) or `items`
 * (development); a playlist read without contents has no page, or only a `{href, total}` stub.
 */
export function readPlaylist(value: unknown, sourceId: string, path: string): ReadPlaylist {
  const o = object(value, path)
  const type = optStr(o, 'type', path)
  if (type !== null && type !== 'playlist') {
    throw new ShapeProblem(`${path}.type must be "playlist" (got ${JSON.stringify(type)})`)
  }
  const id = optStr(o, 'id', path) ?? sourceId
  if (id !== sourceId)
    throw new ShapeProblem(`${path}.id is ${id}, but the envelope is for playlist ${sourceId}`)
  const contents = embeddedContents(o, path)
  const items = contents?.page ?? null
  const owner = optObject(o, 'owner', path)
  return {
    playlist: {
      id,
      name: optStr(o, 'name', path),
      description: optStr(o, 'description', path),
      owner_id: owner === null ? null : optStr(owner, 'id', `${path}.owner`),
      snapshot_id: optStr(o, 'snapshot_id', path),
      followers: counterTotal(o, 'followers', path),
      total_items: items?.total ?? contents?.total ?? null,
      public: optBool(o, 'public', path),
      collaborative: optBool(o, 'collaborative', path),
    },
    items,
  }
}

/** The `items` (development) or `tracks` (extended) member: a full page, or a `{href, total}` stub. */
function embeddedContents(
  o: JsonObject,
  path: string,
): { page: ItemsPage | null; total: number | null } | null {
  const key = o.items !== undefined && o.items !== null ? 'items' : 'tracks'
  const member = optObject(o, key, path)
  if (member === null) return null
  if (member.items === undefined) return { page: null, total: optInt(member, 'total', `${path}.${key}`) }
  return { page: readItemsPage(member, `${path}.${key}`), total: null }
}

/** An offset paging object of playlist items; `null` entries and `null` contents are counted and skipped. */
export function readItemsPage(value: unknown, path: string): ItemsPage {
  const o = object(value, path)
  const entries = array(o.items, `${path}.items`)
  const offset = int(o, 'offset', path)
  if (offset < 0) throw new ShapeProblem(`${path}.offset must be >= 0 (got ${offset})`)
  if (!('next' in o)) throw new ShapeProblem(`${path}.next is missing`)
  const items: PlaylistItem[] = []
  let nullItems = 0
  entries.forEach((entry, i) => {
    const item = readItem(entry, offset + i, `${path}.items[${i}]`)
    if (item === null) nullItems++
    else items.push(item)
  })
  return {
    offset,
    limit: optInt(o, 'limit', path),
    total: optInt(o, 'total', path),
    next: optStr(o, 'next', path),
    length: entries.length,
    null_items: nullItems,
    items,
  }
}

/** One playlist item; its content is under `item` (development) or `track` (extended). */
function readItem(value: unknown, index: number, path: string): PlaylistItem | null {
  if (value === null) return null
  const o = object(value, path)
  const key = o.item !== undefined && o.item !== null ? 'item' : 'track'
  const content = readItemContent(o[key], `${path}.${key}`)
  if (content === null) return null
  const addedBy = optObject(o, 'added_by', path)
  const addedById = addedBy === null ? null : optStr(addedBy, 'id', `${path}.added_by`)
  return {
    index,
    added_at: addedAt(o, path),
    added_by: addedById === '' ? null : addedById,
    is_local: optBool(o, 'is_local', path) === true || (content.type === 'track' && content.is_local),
    content,
  }
}

function addedAt(o: JsonObject, path: string): string | null {
  const text = optStr(o, 'added_at', path)
  if (text === null) return null
  const instant = normaliseInstant(text)
  if (instant === undefined) {
    throw new ShapeProblem(`${path}.added_at must be an ISO-8601 instant (got ${JSON.stringify(text)})`)
  }
  return instant
}
