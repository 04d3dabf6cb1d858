-- Top tracks listened to: the 10 tracks with the most minutes (or plays), with their artist, plays and minutes (private sessions left out).
-- param from_date date=first  first day played (UTC; default: the first)
-- param to_date date=last  last day played (UTC; default: the latest)
-- param rank_by minutes|plays=minutes  rank by minutes listened or by plays
-- A track is its Spotify id, or for a local file its name and artist.
WITH music AS (
  SELECT
    coalesce(track_id, concat(coalesce(track_name, ''), ' · ', coalesce(artist_name, ''))) AS track_key,
    track_name,
    artist_name,
    played_at,
    coalesce(ms_played, duration_ms, 0) AS ms,
    (ms_played IS NULL OR ms_played >= 30000 OR reason_end = 'trackdone') AS counted
  FROM plays
  WHERE played_date BETWEEN {{from_date}} AND {{to_date}}
    AND item_type IN ('track', 'local') AND track_name IS NOT NULL
    AND coalesce(incognito_mode, false) = false
),
ranked AS (
  SELECT
    track_key,
    max_by(track_name, played_at) AS track,
    max_by(artist_name, played_at) AS artist,
    sum(ms) AS ms,
    count_if(counted) AS plays
  FROM music
  GROUP BY track_key
)
SELECT track, artist, round(ms / 60000.0, 1) AS minutes, plays
FROM ranked
ORDER BY
  CASE WHEN {{rank_by}} = 'plays' THEN plays ELSE ms END DESC,
  CASE WHEN {{rank_by}} = 'plays' THEN ms ELSE plays END DESC,
  track, artist
LIMIT 10
