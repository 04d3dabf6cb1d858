-- Artist concentration: per snapshot day, how many artists a playlist holds and the share of its entries held by the top five (by each track's first artist).
-- param playlist_id playlist  the playlist (id, spotify: URI or open.spotify.com URL)
-- param from_date date=first  first snapshot date (default: the first)
-- param to_date date=last  last snapshot date (default: the latest)
WITH per_artist AS (
  SELECT pt.snapshot_date, ta.artist_id, count(*) AS entries
  FROM playlist_tracks pt
  JOIN track_artists ta ON ta.track_id = pt.track_id AND ta.snapshot_date = pt.snapshot_date AND ta.artist_position = 1
  WHERE pt.playlist_id = {{playlist_id}}
    AND pt.snapshot_date BETWEEN {{from_date}} AND {{to_date}}
    AND pt.item_type = 'track' AND pt.track_id IS NOT NULL
  GROUP BY pt.snapshot_date, ta.artist_id
),
ranked AS (
  SELECT
    snapshot_date,
    entries,
    row_number() OVER (PARTITION BY snapshot_date ORDER BY entries DESC, artist_id) AS artist_rank
  FROM per_artist
)
SELECT
  snapshot_date,
  sum(entries) AS entries,
  count(*) AS artists,
  sum(CASE WHEN artist_rank <= 5 THEN entries ELSE 0 END) AS top5_entries,
  round(100 * CAST(sum(CASE WHEN artist_rank <= 5 THEN entries ELSE 0 END) AS double) / sum(entries), 1) AS top5_share_pct
FROM ranked
GROUP BY snapshot_date
ORDER BY snapshot_date
