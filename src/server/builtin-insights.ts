import type { Insight } from '../insights/insights.js'

/**
 * Queries the dashboard needs that are not among the named insights: the bump chart's daily
 * positions. A named insight of the same name in `insights/` takes precedence.
 */
export const BUILTIN_INSIGHTS: readonly Insight[] = [
  {
    name: 'chart_positions',
    description:
      "Chart positions: each day's position of the tracks in the top 10 on the last day of the range.",
    params: ['playlist_id', 'from_date', 'to_date'],
    paramSpecs: [
      { name: 'playlist_id', kind: 'playlist', help: 'the playlist' },
      { name: 'from_date', kind: 'date', default: 'first', help: 'first snapshot date (default: the first)' },
      { name: 'to_date', kind: 'date', default: 'last', help: 'last snapshot date (default: the latest)' },
    ],
    sql: `-- Chart positions: each day's position of the tracks in the top 10 on the last day of the range.
WITH last_day AS (
  SELECT max(snapshot_date) AS d FROM playlist_tracks
  WHERE playlist_id = {{playlist_id}} AND snapshot_date BETWEEN {{from_date}} AND {{to_date}}
),
top_tracks AS (
  SELECT track_id, min(position) AS last_position FROM playlist_tracks
  WHERE playlist_id = {{playlist_id}} AND snapshot_date = (SELECT d FROM last_day)
    AND track_id IS NOT NULL AND position <= 10
  GROUP BY track_id
)
SELECT pt.snapshot_date, pt.track_id, max(t.name) AS track, min(pt.position) AS position
FROM playlist_tracks pt
JOIN top_tracks tt ON tt.track_id = pt.track_id
LEFT JOIN tracks t ON t.track_id = pt.track_id AND t.snapshot_date = pt.snapshot_date
WHERE pt.playlist_id = {{playlist_id}} AND pt.snapshot_date BETWEEN {{from_date}} AND {{to_date}}
GROUP BY pt.snapshot_date, pt.track_id, tt.last_position
ORDER BY pt.snapshot_date, tt.last_position`,
  },
]
