-- Longest-running tracks: the tracks on a playlist for the most days of a date range, with when they were first and last seen and their best position.
-- param playlist_id playlist  the playlist (id, spotify: URI or open.spotify.com URL)
-- param from_date date=first  first snapshot date (default: the first)
-- param to_date date=last  last snapshot date (default: the latest)
WITH runs AS (
  SELECT
    pt.track_id,
    count(DISTINCT pt.snapshot_date) AS days,
    min(pt.snapshot_date) AS first_seen,
    max(pt.snapshot_date) AS last_seen,
    min(pt.position) AS best_position,
    -- The name as the playlist last listed it: no join with the tracks of every day.
    max_by(pt.item_name, pt.snapshot_date) AS track
  FROM playlist_tracks pt
  WHERE pt.playlist_id = {{playlist_id}}
    AND pt.snapshot_date BETWEEN {{from_date}} AND {{to_date}}
    AND pt.item_type = 'track' AND pt.track_id IS NOT NULL
  GROUP BY pt.track_id
)
SELECT
  r.track,
  a.name AS artist,
  r.days,
  r.first_seen,
  r.last_seen,
  r.best_position
FROM runs r
LEFT JOIN track_artists ta ON ta.track_id = r.track_id AND ta.snapshot_date = r.last_seen AND ta.artist_position = 1
LEFT JOIN artists a ON a.artist_id = ta.artist_id AND a.snapshot_date = r.last_seen
ORDER BY r.days DESC, r.best_position, r.track
LIMIT 20
