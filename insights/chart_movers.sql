-- Chart movers: position change of each track since the playlist's previous snapshot (positive = climbed).
-- params: playlist_id, snapshot_date
WITH current_chart AS (
  SELECT track_id, position FROM playlist_tracks
  WHERE playlist_id = {{playlist_id}} AND snapshot_date = {{snapshot_date}} AND track_id IS NOT NULL
),
previous_chart AS (
  SELECT track_id, position FROM playlist_tracks
  WHERE playlist_id = {{playlist_id}} AND track_id IS NOT NULL
    AND snapshot_date = (
      SELECT max(snapshot_date) FROM playlist_tracks
      WHERE playlist_id = {{playlist_id}} AND snapshot_date < {{snapshot_date}}
    )
)
SELECT t.name AS track, p.position AS previous_position, c.position AS position, p.position - c.position AS change
FROM current_chart c
JOIN previous_chart p ON p.track_id = c.track_id
JOIN tracks t ON t.track_id = c.track_id AND t.snapshot_date = {{snapshot_date}}
WHERE p.position <> c.position
ORDER BY change DESC, position ASC, track
LIMIT 10
