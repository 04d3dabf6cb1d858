-- Median popularity per day: the middle Spotify popularity (0-100) of a playlist's tracks on each snapshot day, with the lowest and highest.
-- param playlist_id playlist  the playlist (id, spotify: URI or open.spotify.com URL)
-- param from_date date=first  first snapshot date (default: the first)
-- param to_date date=last  last snapshot date (default: the latest)
-- param source auto|spotify|open_data=auto  Spotify's popularity, ListenBrainz's listeners as a 0-100 score (open_data), or auto: Spotify's where the lake has it
-- requires tracks.popularity  Spotify no longer returns track popularity to development-mode apps; extract in extended mode to see it
SELECT
  pt.snapshot_date,
  count(t.popularity) AS tracks,
  approx_percentile(t.popularity, 0.5) AS median_popularity,
  min(t.popularity) AS min_popularity,
  max(t.popularity) AS max_popularity,
  {{source}} AS source
FROM playlist_tracks pt
JOIN tracks t ON t.track_id = pt.track_id AND t.snapshot_date = pt.snapshot_date
WHERE pt.playlist_id = {{playlist_id}}
  AND pt.snapshot_date BETWEEN {{from_date}} AND {{to_date}}
  AND pt.item_type = 'track' AND pt.track_id IS NOT NULL
GROUP BY pt.snapshot_date
ORDER BY pt.snapshot_date
