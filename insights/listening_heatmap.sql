-- Listening heatmap: minutes listened and plays by weekday (1 = Monday) and hour of the day, in a time zone (private sessions left out).
-- param from_date date=first  first day played (UTC; default: the first)
-- param to_date date=last  last day played (UTC; default: the latest)
-- param time_zone zone=UTC  the time zone of the hours and weekdays, e.g. Europe/Stockholm
-- A stream is placed by the hour it ended in.
WITH local_plays AS (
  SELECT
    with_timezone(played_at, 'UTC') AT TIME ZONE {{time_zone}} AS local_at,
    coalesce(ms_played, duration_ms, 0) AS ms,
    (ms_played IS NULL OR ms_played >= 30000 OR reason_end = 'trackdone') AS counted
  FROM plays
  WHERE played_date BETWEEN {{from_date}} AND {{to_date}}
    AND coalesce(incognito_mode, false) = false
)
SELECT
  day_of_week(local_at) AS weekday,
  hour(local_at) AS hour,
  round(sum(ms) / 60000.0, 1) AS minutes,
  count_if(counted) AS plays
FROM local_plays
GROUP BY 1, 2
ORDER BY 1, 2
