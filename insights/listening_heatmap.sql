-- Listening heatmap: minutes listened and plays by weekday (1 = Monday) and hour of the day, in a time zone (private sessions left out).
-- param from_date date=first  first day played (UTC; default: the first)
-- param to_date date=last  last day played (UTC; default: the latest)
-- param time_zone zone=UTC  the time zone of the hours and weekdays, e.g. Europe/Stockholm
-- A stream is placed by the hour it ended in. Streams are first added up by the quarter hour (UTC)
-- they ended in, and only the quarters are moved to the time zone: every zone's offset is a whole
-- number of quarter hours, so a quarter hour lies in one local hour.
WITH quarters AS (
  SELECT
    date_add('minute', 15 * (minute(played_at) / 15), date_trunc('hour', played_at)) AS quarter,
    sum(CASE WHEN ms_played IS NOT NULL THEN ms_played WHEN duration_ms IS NOT NULL THEN duration_ms ELSE 0 END) AS ms,
    count_if(ms_played IS NULL OR ms_played >= 30000 OR reason_end = 'trackdone') AS plays
  FROM plays
  WHERE played_date BETWEEN {{from_date}} AND {{to_date}}
    AND (incognito_mode IS NULL OR NOT incognito_mode)
  GROUP BY 1
),
local_quarters AS (
  SELECT with_timezone(quarter, 'UTC') AT TIME ZONE {{time_zone}} AS local_at, ms, plays
  FROM quarters
)
SELECT
  day_of_week(local_at) AS weekday,
  hour(local_at) AS hour,
  round(CAST(sum(ms) AS double) / 60000, 1) AS minutes,
  sum(plays) AS plays
FROM local_quarters
GROUP BY 1, 2
ORDER BY 1, 2
