-- Listening streaks: the 10 longest runs of consecutive days (UTC) with at least one play, longest first, with their plays (private sessions left out).
-- param from_date date=first  first day played (UTC; default: the first)
-- param to_date date=last  last day played (UTC; default: the latest)
-- A day counts when it has a play: a stream of 30 s or more, or one that reached the end.
WITH days AS (
  SELECT played_date, count(*) AS plays
  FROM plays
  WHERE played_date BETWEEN {{from_date}} AND {{to_date}}
    AND (ms_played IS NULL OR ms_played >= 30000 OR reason_end = 'trackdone')
    AND (incognito_mode IS NULL OR NOT incognito_mode)
  GROUP BY played_date
),
runs AS (
  SELECT
    played_date,
    plays,
    date_diff('day', DATE '1970-01-01', CAST(played_date AS date))
      - row_number() OVER (ORDER BY played_date) AS run
  FROM days
)
SELECT min(played_date) AS first_day, max(played_date) AS last_day, count(*) AS days, sum(plays) AS plays
FROM runs
GROUP BY run
ORDER BY days DESC, last_day DESC
LIMIT 10
