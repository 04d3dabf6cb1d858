-- Explicit share over time: per snapshot day, how many of a playlist's tracks are marked explicit.
-- param playlist_id playlist  the playlist (id, spotify: URI or open.spotify.com URL)
-- param from_date date=first  first snapshot date (default: the first)
-- param to_date date=last  last snapshot date (default: the latest)
SELECT
  pt.snapshot_date,
  count(*) AS entries,
  count_if(t.explicit) AS explicit_entries,
  round(100 * CAST(count_if(t.explicit) AS double) / count(*), 1) AS explicit_pct
FROM playlist_tracks pt
JOIN tracks t ON t.track_id = pt.track_id AND t.snapshot_date = pt.snapshot_date
WHERE pt.playlist_id = {{playlist_id}}
  AND pt.snapshot_date BETWEEN {{from_date}} AND {{to_date}}
  AND pt.item_type = 'track' AND pt.track_id IS NOT NULL
GROUP BY pt.snapshot_date
ORDER BY pt.snapshot_date
