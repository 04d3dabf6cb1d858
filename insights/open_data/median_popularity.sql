-- Median popularity per day from open data: the middle 0-100 score of a playlist's tracks on each snapshot day (the percentile of their ListenBrainz listeners in the catalogue), with the lowest and highest.
-- param playlist_id playlist  the playlist (id, spotify: URI or open.spotify.com URL)
-- param from_date date=first  first snapshot date (default: the first)
-- param to_date date=last  last snapshot date (default: the latest)
-- param source auto|spotify|open_data=auto  Spotify's popularity, ListenBrainz's listeners as a 0-100 score (open_data), or auto: Spotify's where the lake has it
-- requires-open-data track_recordings.popularity  no track of the lake has ListenBrainz listening counts yet; run tunelake enrich (or turn the enrichment on) and transform
SELECT
  pt.snapshot_date,
  count(r.popularity) AS tracks,
  approx_percentile(r.popularity, 0.5) AS median_popularity,
  min(r.popularity) AS min_popularity,
  max(r.popularity) AS max_popularity,
  {{source}} AS source
FROM playlist_tracks pt
JOIN track_recordings r ON r.track_id = pt.track_id
WHERE pt.playlist_id = {{playlist_id}}
  AND pt.snapshot_date BETWEEN {{from_date}} AND {{to_date}}
  AND pt.item_type = 'track' AND pt.track_id IS NOT NULL
  AND r.popularity IS NOT NULL
GROUP BY pt.snapshot_date
ORDER BY pt.snapshot_date
