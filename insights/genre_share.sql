-- Genre share: share of a playlist snapshot's entries by the genres of each track's first artist.
-- Needs artist genres, which development-mode apps no longer receive.
-- params: playlist_id, snapshot_date
SELECT g.genre, count(*) AS entries,
  round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS share_pct
FROM playlist_tracks pt
JOIN track_artists ta ON ta.track_id = pt.track_id AND ta.snapshot_date = pt.snapshot_date AND ta.artist_position = 1
JOIN artists a ON a.artist_id = ta.artist_id AND a.snapshot_date = pt.snapshot_date
CROSS JOIN UNNEST(a.genres) AS g(genre)
WHERE pt.playlist_id = {{playlist_id}} AND pt.snapshot_date = {{snapshot_date}}
GROUP BY g.genre
ORDER BY entries DESC, g.genre
LIMIT 10
