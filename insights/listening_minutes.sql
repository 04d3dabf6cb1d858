-- Listening time: minutes listened per day, week (from Monday) or month, with the plays and streams (private sessions left out).
-- param from_date date=first  first day played (UTC; default: the first)
-- param to_date date=last  last day played (UTC; default: the latest)
-- param bucket day|week|month=day  sum by day, by week (Monday to Sunday) or by month
-- A stream counts its ms_played (an API play, which has none, the track's length); a play is a
-- stream of 30 s or more, or one that reached the end of a shorter track.
WITH streams AS (
  SELECT
    CASE {{bucket}}
      WHEN 'month' THEN substr(played_date, 1, 7) || '-01'
      WHEN 'week' THEN CAST(CAST(date_add('day', 1 - day_of_week(CAST(played_date AS date)), CAST(played_date AS date)) AS date) AS varchar)
      ELSE played_date
    END AS period,
    CASE WHEN ms_played IS NOT NULL THEN ms_played WHEN duration_ms IS NOT NULL THEN duration_ms ELSE 0 END AS ms,
    (ms_played IS NULL OR ms_played >= 30000 OR reason_end = 'trackdone') AS counted
  FROM plays
  WHERE played_date BETWEEN {{from_date}} AND {{to_date}}
    AND (incognito_mode IS NULL OR NOT incognito_mode)
)
SELECT period, round(CAST(sum(ms) AS double) / 60000, 1) AS minutes, count_if(counted) AS plays, count(*) AS streams
FROM streams
GROUP BY period
ORDER BY period
