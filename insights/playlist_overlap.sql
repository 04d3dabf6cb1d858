-- Playlist overlap: the tracks two playlists share on a snapshot day (each playlist's latest snapshot on or before it), and their Jaccard similarity.
-- param playlist_id playlist  the first playlist (id, spotify: URI or open.spotify.com URL)
-- param other_playlist_id playlist  the second playlist
-- param snapshot_date date=last  the day to compare (default: the latest)
WITH first_day AS (
  SELECT max(snapshot_date) AS day FROM playlist_tracks
  WHERE playlist_id = {{playlist_id}} AND snapshot_date <= {{snapshot_date}}
),
other_day AS (
  SELECT max(snapshot_date) AS day FROM playlist_tracks
  WHERE playlist_id = {{other_playlist_id}} AND snapshot_date <= {{snapshot_date}}
),
first_tracks AS (
  SELECT DISTINCT pt.track_id FROM playlist_tracks pt, first_day d
  WHERE pt.playlist_id = {{playlist_id}} AND pt.snapshot_date = d.day
    AND pt.item_type = 'track' AND pt.track_id IS NOT NULL
),
other_tracks AS (
  SELECT DISTINCT pt.track_id FROM playlist_tracks pt, other_day d
  WHERE pt.playlist_id = {{other_playlist_id}} AND pt.snapshot_date = d.day
    AND pt.item_type = 'track' AND pt.track_id IS NOT NULL
),
shared AS (
  SELECT f.track_id FROM first_tracks f JOIN other_tracks o ON o.track_id = f.track_id
),
counts AS (
  SELECT
    (SELECT count(*) FROM first_tracks) AS tracks,
    (SELECT count(*) FROM other_tracks) AS other_tracks,
    (SELECT count(*) FROM shared) AS shared_tracks
)
SELECT
  (SELECT day FROM first_day) AS snapshot_date,
  (SELECT day FROM other_day) AS other_snapshot_date,
  c.tracks,
  c.other_tracks,
  c.shared_tracks,
  round(100 * CAST(c.shared_tracks AS double) / nullif(c.tracks + c.other_tracks - c.shared_tracks, 0), 1) AS jaccard_pct,
  (
    SELECT array_join(array_agg(t.name ORDER BY t.name), ', ')
    FROM shared s
    JOIN tracks t ON t.track_id = s.track_id AND t.snapshot_date = (SELECT day FROM first_day)
  ) AS shared_names
FROM counts c
