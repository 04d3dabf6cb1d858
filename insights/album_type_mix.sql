-- Album-type mix: a playlist's entries over a date range by the type of their album (album, single, compilation).
-- param playlist_id playlist  the playlist (id, spotify: URI or open.spotify.com URL)
-- param from_date date=first  first snapshot date (default: the first)
-- param to_date date=last  last snapshot date (default: the latest)
SELECT
  al.album_type,
  count(*) AS entries,
  count(DISTINCT pt.track_id) AS tracks,
  round(100 * CAST(count(*) AS double) / sum(count(*)) OVER (), 1) AS share_pct
FROM playlist_tracks pt
JOIN tracks t ON t.track_id = pt.track_id AND t.snapshot_date = pt.snapshot_date
JOIN albums al ON al.album_id = t.album_id AND al.snapshot_date = t.snapshot_date
WHERE pt.playlist_id = {{playlist_id}}
  AND pt.snapshot_date BETWEEN {{from_date}} AND {{to_date}}
  AND pt.item_type = 'track' AND pt.track_id IS NOT NULL
GROUP BY al.album_type
ORDER BY entries DESC, al.album_type
