-- Top albums listened to: the 10 albums with the most minutes (or plays) of music, with their artist, plays, minutes and distinct tracks (private sessions left out).
-- param from_date date=first  first day played (UTC; default: the first)
-- param to_date date=last  last day played (UTC; default: the latest)
-- param rank_by minutes|plays=minutes  rank by minutes listened or by plays
-- An album is its name and its artist's, which every play carries (an export names no album id).
WITH music AS (
  SELECT
    album_name AS album,
    artist_name AS artist,
    CASE WHEN track_id IS NOT NULL THEN track_id ELSE track_name END AS track_key,
    CASE WHEN ms_played IS NOT NULL THEN ms_played WHEN duration_ms IS NOT NULL THEN duration_ms ELSE 0 END AS ms,
    (ms_played IS NULL OR ms_played >= 30000 OR reason_end = 'trackdone') AS counted
  FROM plays
  WHERE played_date BETWEEN {{from_date}} AND {{to_date}}
    AND item_type IN ('track', 'local') AND album_name IS NOT NULL AND artist_name IS NOT NULL
    AND (incognito_mode IS NULL OR NOT incognito_mode)
),
ranked AS (
  SELECT album, artist, sum(ms) AS ms, count_if(counted) AS plays, count(DISTINCT track_key) AS tracks
  FROM music
  GROUP BY album, artist
)
SELECT album, artist, round(CAST(ms AS double) / 60000, 1) AS minutes, plays, tracks
FROM ranked
ORDER BY
  CASE WHEN {{rank_by}} = 'plays' THEN plays ELSE ms END DESC,
  CASE WHEN {{rank_by}} = 'plays' THEN ms ELSE plays END DESC,
  album, artist
LIMIT 10
