-- Genre share: a playlist's entries over a date range by the genres of each track's first artist, as a share of all genre tags.
-- param playlist_id playlist  the playlist (id, spotify: URI or open.spotify.com URL)
-- param from_date date=first  first snapshot date (default: the first)
-- param to_date date=last  last snapshot date (default: the latest)
-- param source auto|spotify|open_data=auto  Spotify's artist genres, MusicBrainz's genres (open_data), or auto: Spotify's where the lake has them
-- requires artists.genres  Spotify no longer returns artist genres to development-mode apps; extract in extended mode to see them
-- Entries are counted per day and first artist before any genre is looked up, so the joins
-- with the daily dimension tables stay small.
WITH entries AS (
  SELECT pt.snapshot_date, pt.track_id, count(*) AS n
  FROM playlist_tracks pt
  WHERE pt.playlist_id = {{playlist_id}}
    AND pt.snapshot_date BETWEEN {{from_date}} AND {{to_date}}
    AND pt.item_type = 'track' AND pt.track_id IS NOT NULL
  GROUP BY pt.snapshot_date, pt.track_id
),
artist_entries AS (
  SELECT e.snapshot_date, ta.artist_id, sum(e.n) AS n
  FROM entries e
  JOIN track_artists ta ON ta.track_id = e.track_id AND ta.snapshot_date = e.snapshot_date AND ta.artist_position = 1
  GROUP BY e.snapshot_date, ta.artist_id
)
SELECT
  g.genre,
  sum(ae.n) AS entries,
  round(100 * CAST(sum(ae.n) AS double) / sum(sum(ae.n)) OVER (), 1) AS share_pct,
  {{source}} AS source
FROM artist_entries ae
JOIN artists a ON a.artist_id = ae.artist_id AND a.snapshot_date = ae.snapshot_date
CROSS JOIN UNNEST(a.genres) AS g(genre)
GROUP BY g.genre
ORDER BY entries DESC, g.genre
LIMIT 15
