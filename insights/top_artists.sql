-- Top artists: the artists with the most entries on a playlist over a date range (an entry is one track on one day's snapshot), with their distinct tracks and best position.
-- param playlist_id playlist  the playlist (id, spotify: URI or open.spotify.com URL)
-- param from_date date=first  first snapshot date (default: the first)
-- param to_date date=last  last snapshot date (default: the latest)
SELECT
  max_by(a.name, pt.snapshot_date) AS artist,
  count(*) AS entries,
  count(DISTINCT pt.track_id) AS tracks,
  min(pt.position) AS best_position
FROM playlist_tracks pt
JOIN track_artists ta ON ta.track_id = pt.track_id AND ta.snapshot_date = pt.snapshot_date
JOIN artists a ON a.artist_id = ta.artist_id AND a.snapshot_date = ta.snapshot_date
WHERE pt.playlist_id = {{playlist_id}}
  AND pt.snapshot_date BETWEEN {{from_date}} AND {{to_date}}
  AND pt.item_type = 'track' AND pt.track_id IS NOT NULL
GROUP BY ta.artist_id
ORDER BY entries DESC, best_position, artist
LIMIT 10
