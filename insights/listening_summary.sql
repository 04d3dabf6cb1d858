-- Listening summary: the days, streams, plays, minutes, artists and tracks of the listening history, and how much of it came from an export (private sessions left out).
-- param from_date date=first  first day played (UTC; default: the first)
-- param to_date date=last  last day played (UTC; default: the latest)
SELECT
  min(played_date) AS first_day,
  max(played_date) AS last_day,
  count(DISTINCT played_date) AS days,
  count(*) AS streams,
  count_if(ms_played IS NULL OR ms_played >= 30000 OR reason_end = 'trackdone') AS plays,
  round(sum(coalesce(ms_played, duration_ms, 0)) / 60000.0, 1) AS minutes,
  count(DISTINCT CASE WHEN item_type IN ('track', 'local') THEN artist_name END) AS artists,
  count(DISTINCT track_id) AS tracks,
  count_if(source = 'export') AS from_export
FROM plays
WHERE played_date BETWEEN {{from_date}} AND {{to_date}}
  AND coalesce(incognito_mode, false) = false
