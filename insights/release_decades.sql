-- Release decades: a playlist's entries over a date range by the release decade (or year) of their albums.
-- param playlist_id playlist  the playlist (id, spotify: URI or open.spotify.com URL)
-- param from_date date=first  first snapshot date (default: the first)
-- param to_date date=last  last snapshot date (default: the latest)
-- param bucket decade|year=decade  group release years by decade (1990 = the 1990s) or by year
SELECT
  CASE WHEN {{bucket}} = 'year' THEN al.release_year ELSE al.release_year / 10 * 10 END AS period,
  count(*) AS entries,
  count(DISTINCT pt.track_id) AS tracks,
  round(100 * CAST(count(*) AS double) / sum(count(*)) OVER (), 1) AS share_pct
FROM playlist_tracks pt
JOIN tracks t ON t.track_id = pt.track_id AND t.snapshot_date = pt.snapshot_date
JOIN albums al ON al.album_id = t.album_id AND al.snapshot_date = t.snapshot_date
WHERE pt.playlist_id = {{playlist_id}}
  AND pt.snapshot_date BETWEEN {{from_date}} AND {{to_date}}
  AND pt.item_type = 'track' AND pt.track_id IS NOT NULL
  AND al.release_year IS NOT NULL
GROUP BY 1
ORDER BY 1
