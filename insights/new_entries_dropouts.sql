-- New entries and drop-outs: the tracks that entered a playlist on a snapshot and those that left it, against the snapshot before.
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
  SELECT pt.track_id, min(pt.position) AS position, min(pt.item_name) AS track
  FROM playlist_tracks pt, previous_day p
  WHERE pt.playlist_id = {{playlist_id}} AND pt.snapshot_date = p.day
    AND pt.item_type = 'track' AND pt.track_id IS NOT NULL
  GROUP BY pt.track_id
),
changes AS (
  SELECT 'new' AS change, cc.track_id, cc.position, cc.track, c.day AS day
  FROM current_chart cc CROSS JOIN current_day c
  WHERE cc.track_id NOT IN (SELECT track_id FROM previous_chart)
    AND EXISTS (SELECT 1 FROM previous_chart)
  UNION ALL
  SELECT 'dropped' AS change, pc.track_id, pc.position, pc.track, p.day AS day
  FROM previous_chart pc CROSS JOIN previous_day p
  WHERE pc.track_id NOT IN (SELECT track_id FROM current_chart)
)
SELECT
  ch.change,
  ch.position,
  ch.track,
  a.name AS artist,
  ch.day AS snapshot_date
FROM changes ch
LEFT JOIN track_artists ta ON ta.track_id = ch.track_id AND ta.snapshot_date = ch.day AND ta.artist_position = 1
LEFT JOIN artists a ON a.artist_id = ta.artist_id AND a.snapshot_date = ch.day
ORDER BY CASE ch.change WHEN 'new' THEN 0 ELSE 1 END, ch.position, ch.track
