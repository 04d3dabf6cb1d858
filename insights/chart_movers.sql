-- Chart movers: each track's position change since the playlist's previous snapshot (positive = climbed), biggest climbers first.
-- param playlist_id playlist  the playlist (id, spotify: URI or open.spotify.com URL)
-- param snapshot_date date=last  the snapshot to compare with the one before it (default: the latest)
WITH current_day AS (
  SELECT max(snapshot_date) AS day FROM playlist_tracks
  WHERE playlist_id = {{playlist_id}} AND snapshot_date <= {{snapshot_date}}
),
previous_day AS (
  SELECT max(pt.snapshot_date) AS day FROM playlist_tracks pt, current_day c
  WHERE pt.playlist_id = {{playlist_id}} AND pt.snapshot_date < c.day
),
current_chart AS (
  -- The name as the playlist lists it: no join with the tracks of every day.
  SELECT pt.track_id, min(pt.position) AS position, min(pt.item_name) AS track
  FROM playlist_tracks pt, current_day c
  WHERE pt.playlist_id = {{playlist_id}} AND pt.snapshot_date = c.day
    AND pt.item_type = 'track' AND pt.track_id IS NOT NULL
  GROUP BY pt.track_id
),
previous_chart AS (
  SELECT pt.track_id, min(pt.position) AS position FROM playlist_tracks pt, previous_day p
  WHERE pt.playlist_id = {{playlist_id}} AND pt.snapshot_date = p.day
    AND pt.item_type = 'track' AND pt.track_id IS NOT NULL
  GROUP BY pt.track_id
)
SELECT
  c.day AS snapshot_date,
  p.day AS previous_snapshot_date,
  cc.track,
  a.name AS artist,
  pc.position AS previous_position,
  cc.position AS position,
  pc.position - cc.position AS change
FROM current_chart cc
JOIN previous_chart pc ON pc.track_id = cc.track_id
CROSS JOIN current_day c
CROSS JOIN previous_day p
LEFT JOIN track_artists ta ON ta.track_id = cc.track_id AND ta.snapshot_date = c.day AND ta.artist_position = 1
LEFT JOIN artists a ON a.artist_id = ta.artist_id AND a.snapshot_date = c.day
WHERE pc.position <> cc.position
ORDER BY change DESC, position, cc.track
