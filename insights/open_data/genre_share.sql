-- Genre share from open data: a playlist's entries over a date range by the MusicBrainz genres of each track (its recording's, else its release group's, else its artists'), as a share of all genre tags.
-- param playlist_id playlist  the playlist (id, spotify: URI or open.spotify.com URL)
-- param from_date date=first  first snapshot date (default: the first)
-- param to_date date=last  last snapshot date (default: the latest)
-- param source auto|spotify|open_data=auto  Spotify's artist genres, MusicBrainz's genres (open_data), or auto: Spotify's where the lake has them
-- requires-open-data track_genres.genre  no track of the lake has MusicBrainz genres yet; run tunelake enrich (or turn the enrichment on) and transform
-- The open-data tables hold the current state (one partition): a track's genres are the same every day.
WITH entries AS (
  SELECT pt.track_id, count(*) AS n
  FROM playlist_tracks pt
  WHERE pt.playlist_id = {{playlist_id}}
    AND pt.snapshot_date BETWEEN {{from_date}} AND {{to_date}}
    AND pt.item_type = 'track' AND pt.track_id IS NOT NULL
  GROUP BY pt.track_id
)
SELECT
  g.genre,
  sum(e.n) AS entries,
  round(100 * CAST(sum(e.n) AS double) / sum(sum(e.n)) OVER (), 1) AS share_pct,
  {{source}} AS source
FROM entries e
JOIN track_genres g ON g.track_id = e.track_id
GROUP BY g.genre
ORDER BY entries DESC, g.genre
LIMIT 15
