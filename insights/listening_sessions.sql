-- Listening sessions: each stretch of listening that no gap of 30 minutes or more interrupts, newest first, with its length, streams and plays (private sessions left out).
-- param from_date date=first  first day played (UTC; default: the first)
-- param to_date date=last  last day played (UTC; default: the latest)
-- A stream starts ms_played before it ended (an API play: its track's length); a session ends
-- when the next stream starts 30 minutes or more after the latest end before it.
WITH streams AS (
  SELECT
    played_at AS ended_at,
    date_add('millisecond', -CASE WHEN ms_played IS NOT NULL THEN ms_played WHEN duration_ms IS NOT NULL THEN duration_ms ELSE 0 END, played_at) AS started_at,
    (ms_played IS NULL OR ms_played >= 30000 OR reason_end = 'trackdone') AS counted
  FROM plays
  WHERE played_date BETWEEN {{from_date}} AND {{to_date}}
    AND (incognito_mode IS NULL OR NOT incognito_mode)
),
gaps AS (
  SELECT
    *,
    CASE
      WHEN date_diff('millisecond', max(ended_at) OVER (
        ORDER BY started_at, ended_at ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
      ), started_at) < 1800000 THEN 0
      ELSE 1
    END AS starts_session
  FROM streams
),
numbered AS (
  SELECT *, sum(starts_session) OVER (ORDER BY started_at, ended_at ROWS UNBOUNDED PRECEDING) AS session
  FROM gaps
)
SELECT
  min(started_at) AS started_at,
  max(ended_at) AS ended_at,
  round(CAST(date_diff('millisecond', min(started_at), max(ended_at)) AS double) / 60000, 1) AS minutes,
  count(*) AS streams,
  count_if(counted) AS plays
FROM numbered
GROUP BY session
ORDER BY started_at DESC
