-- Genre share: a playlist's entries over a date range by the genres of each track's first artist, as a share of all genre tags.
-- param playlist_id playlist  the playlist (id, spotify: URI or open.spotify.com URL)
-- param from_date date=first  first snapshot date (default: the first)
-- param to_date date=last  last snapshot date (default: the latest)
-- requires artists.genres  Spotify no longer returns artist genres to development-mode apps; extract in extended mode to see them
WITH entry_genres AS (
  SELECT a.genres
  FROM playlist_tracks pt
  JOIN track_artists ta ON ta.track_id = pt.track_id AND ta.snapshot_date = pt.snapshot_date AND ta.artist_position = 1
  JOIN artists a ON a.artist_id = ta.artist_id AND a.snapshot_date = ta.snapshot_date
  WHERE pt.playlist_id = {{playlist_id}}
    AND pt.snapshot_date BETWEEN {{from_date}} AND {{to_date}}
    AND pt.item_type = 'track' AND pt.track_id IS NOT NULL
)
SELECT
  g.genre,
  count(*) AS entries,
  round(100 * CAST(count(*) AS double) / sum(count(*)) OVER (), 1) AS share_pct
FROM entry_genres e
CROSS JOIN UNNEST(e.genres) AS g(genre)
GROUP BY g.genre
ORDER BY entries DESC, g.genre
LIMIT 15
