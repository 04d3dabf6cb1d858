-- Listening summary: the days, streams, plays, minutes, artists and tracks of the listening history, and how much of it came from an export (private sessions left out).
-- param from_date date=first  first day played (UTC; default: the first)
-- param to_date date=last  last day played (UTC; default: the latest)
WITH streams AS (
  SELECT
    played_date,
    track_id,
    source,
    CASE WHEN item_type IN ('track', 'local') THEN artist_name END AS music_artist,
    CASE WHEN ms_played IS NOT NULL THEN ms_played WHEN duration_ms IS NOT NULL THEN duration_ms ELSE 0 END AS ms,
    (ms_played IS NULL OR ms_played >= 30000 OR reason_end = 'trackdone') AS counted
  FROM plays
  WHERE played_date BETWEEN {{from_date}} AND {{to_date}}
    AND (incognito_mode IS NULL OR NOT incognito_mode)
)
SELECT
  min(played_date) AS first_day,
  max(played_date) AS last_day,
  count(DISTINCT played_date) AS days,
  count(*) AS streams,
  count_if(counted) AS plays,
  round(CAST(sum(ms) AS double) / 60000, 1) AS minutes,
  count(DISTINCT music_artist) AS artists,
  count(DISTINCT track_id) AS tracks,
  count_if(source = 'export') AS from_export
FROM streams
