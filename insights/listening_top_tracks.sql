-- Top tracks listened to: the 10 tracks with the most minutes (or plays), with their artist, plays and minutes (private sessions left out).
-- param from_date date=first  first day played (UTC; default: the first)
-- param to_date date=last  last day played (UTC; default: the latest)
-- param rank_by minutes|plays=minutes  rank by minutes listened or by plays
-- A track is its Spotify id, or for a local file its name and artist.
WITH music AS (
  SELECT
    CASE WHEN track_id IS NOT NULL THEN track_id ELSE concat(track_name, ' · ', CASE WHEN artist_name IS NULL THEN '' ELSE artist_name END) END AS track_key,
    track_name,
    artist_name,
    played_at,
    CASE WHEN ms_played IS NOT NULL THEN ms_played WHEN duration_ms IS NOT NULL THEN duration_ms ELSE 0 END AS ms,
    (ms_played IS NULL OR ms_played >= 30000 OR reason_end = 'trackdone') AS counted
  FROM plays
  WHERE played_date BETWEEN {{from_date}} AND {{to_date}}
    AND item_type IN ('track', 'local') AND track_name IS NOT NULL
    AND (incognito_mode IS NULL OR NOT incognito_mode)
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
SELECT track, artist, round(CAST(ms AS double) / 60000, 1) AS minutes, plays
FROM ranked
ORDER BY
  CASE WHEN {{rank_by}} = 'plays' THEN plays ELSE ms END DESC,
  CASE WHEN {{rank_by}} = 'plays' THEN ms ELSE plays END DESC,
  track, artist
LIMIT 10
