-- Top artist moves: the rank, in each snapshot of Spotify's top artists, of the 10 artists on top in the last snapshot of the range.
-- param from_date date=first  first snapshot date (default: the first)
-- param to_date date=last  last snapshot date (default: the latest)
-- param time_range short_term|medium_term|long_term=medium_term  Spotify's window: about 4 weeks, 6 months or a year
WITH last_day AS (
  SELECT max(snapshot_date) AS day FROM user_top
  WHERE item_type = 'artist' AND time_range = {{time_range}} AND snapshot_date BETWEEN {{from_date}} AND {{to_date}}
),
leaders AS (
  SELECT u.item_id, u.rank AS last_rank FROM user_top u, last_day d
  WHERE u.snapshot_date = d.day AND u.item_type = 'artist' AND u.time_range = {{time_range}} AND u.rank <= 10
)
SELECT u.snapshot_date, u.item_id AS artist_id, u.name AS artist, u.rank
FROM user_top u
JOIN leaders l ON l.item_id = u.item_id
WHERE u.item_type = 'artist' AND u.time_range = {{time_range}} AND u.snapshot_date BETWEEN {{from_date}} AND {{to_date}}
ORDER BY u.snapshot_date, l.last_rank
