-- Top artists: how many entries each artist has on one playlist snapshot, and their best position.
-- params: playlist_id, snapshot_date
SELECT a.name AS artist, count(*) AS entries, min(pt.position) AS best_position
FROM playlist_tracks pt
JOIN track_artists ta ON ta.track_id = pt.track_id AND ta.snapshot_date = pt.snapshot_date
JOIN artists a ON a.artist_id = ta.artist_id AND a.snapshot_date = pt.snapshot_date
WHERE pt.playlist_id = {{playlist_id}} AND pt.snapshot_date = {{snapshot_date}}
GROUP BY a.name
ORDER BY entries DESC, best_position ASC, artist
LIMIT 10
