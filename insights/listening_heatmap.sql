-- Listening heatmap: minutes listened and plays by weekday (1 = Monday) and hour of the day, in a time zone (private sessions left out).
-- param from_date date=first  first day played (UTC; default: the first)
-- param to_date date=last  last day played (UTC; default: the latest)
-- param time_zone zone=UTC  the time zone of the hours and weekdays, e.g. Europe/Stockholm
-- A stream is placed by the hour it ended in.
WITH local_plays AS (
  SELECT
    with_timezone(played_at, 'UTC') AT TIME ZONE {{time_zone}} AS local_at,
    CASE WHEN ms_played IS NOT NULL THEN ms_played WHEN duration_ms IS NOT NULL THEN duration_ms ELSE 0 END AS ms,
    (ms_played IS NULL OR ms_played >= 30000 OR reason_end = 'trackdone') AS counted
  FROM plays
  WHERE played_date BETWEEN {{from_date}} AND {{to_date}}
    AND (incognito_mode IS NULL OR NOT incognito_mode)
)
SELECT
  day_of_week(local_at) AS weekday,
  hour(local_at) AS hour,
  round(CAST(sum(ms) AS double) / 60000, 1) AS minutes,
  count_if(counted) AS plays
FROM local_plays
GROUP BY 1, 2
ORDER BY 1, 2
