import { compareContents } from './content-order.js'
import type { EnvelopeContent } from './envelope-content.js'
import type { PlayEvent } from './play-event.js'
import { userRows } from './user-rows.js'

/**
 * The listening events of one snapshot date's contents, in a fixed order whatever the contents' own:
 * the API's recently played pages and the streams of imported exports. `mergePlays` turns the
 * events of every date that reaches a `plays` partition into its rows.
 *
 * @example
 * const rows = mergePlays(playEvents(contents))
 */
export function playEvents(contents: readonly EnvelopeContent[]): PlayEvent[] {
  const events: PlayEvent[] = []
  for (const content of [...contents].sort(compareContents)) {
    if (content.source === 'streaming_history') events.push(...content.plays)
    else if (content.source === 'recently_played') {
      for (const row of userRows([content]).plays) {
        const endMs = Date.parse(String(row.played_at))
        const what = row.track_id ?? `local:${row.track_name}`
        events.push({ origin: 'api', endMs, key: `${endMs}|${what}`, row })
      }
    }
  }
  return events
}
