-- Listening time: minutes listened per day, week (from Monday) or month, with the plays and streams (private sessions left out).
-- param from_date date=first  first day played (UTC; default: the first)
-- param to_date date=last  last day played (UTC; default: the latest)
-- param bucket day|week|month=day  sum by day, by week (Monday to Sunday) or by month
-- A stream counts its ms_played (an API play, which has none, the track's length); a play is a
-- stream of 30 s or more, or one that reached the end of a shorter track.
SELECT
  CASE {{bucket}}
    WHEN 'month' THEN substr(played_date, 1, 7) || '-01'
    WHEN 'week' THEN CAST(CAST(date_add('day', 1 - day_of_week(CAST(played_date AS date)), CAST(played_date AS date)) AS date) AS varchar)
    ELSE played_date
  END AS period,
  round(sum(coalesce(ms_played, duration_ms, 0)) / 60000.0, 1) AS minutes,
  count_if(ms_played IS NULL OR ms_played >= 30000 OR reason_end = 'trackdone') AS plays,
  count(*) AS streams
FROM plays
WHERE played_date BETWEEN {{from_date}} AND {{to_date}}
  AND coalesce(incognito_mode, false) = false
GROUP BY 1
ORDER BY 1
