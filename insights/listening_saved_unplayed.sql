-- Saved but not played: the tracks you saved that you have not played since you saved them, most recently saved first.
-- param from_date date=first  first day a save counts from (UTC; default: the first)
-- param to_date date=last  last day a save or a play counts (UTC; default: the latest)
-- A play is a stream of 30 s or more, or one that reached the end; the artist's name comes from
-- the artists table when the lake holds the artist.
WITH saves AS (
  SELECT track_id, max(track_name) AS track, max(artist_id) AS artist_id, min(added_at) AS saved_at
  FROM saved_tracks
  WHERE CAST(CAST(added_at AS date) AS varchar) BETWEEN {{from_date}} AND {{to_date}}
  GROUP BY track_id
),
last_plays AS (
  SELECT track_id, max(played_at) AS played_at
  FROM plays
  WHERE track_id IS NOT NULL AND played_date <= {{to_date}}
    AND (ms_played IS NULL OR ms_played >= 30000 OR reason_end = 'trackdone')
  GROUP BY track_id
),
names AS (
  SELECT artist_id, max_by(name, snapshot_date) AS name FROM artists GROUP BY artist_id
)
SELECT s.saved_at, s.track, n.name AS artist, s.track_id
FROM saves s
LEFT JOIN last_plays p ON p.track_id = s.track_id
LEFT JOIN names n ON n.artist_id = s.artist_id
WHERE p.played_at IS NULL OR p.played_at < s.saved_at
ORDER BY s.saved_at DESC, s.track_id
