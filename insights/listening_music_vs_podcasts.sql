-- Music versus podcasts: minutes of music, podcast episodes and audiobook chapters per month, and the spoken share (private sessions left out).
-- param from_date date=first  first day played (UTC; default: the first)
-- param to_date date=last  last day played (UTC; default: the latest)
-- Music is Spotify tracks and local files.
WITH streams AS (
  SELECT
    substr(played_date, 1, 7) AS month,
    item_type,
    coalesce(ms_played, duration_ms, 0) AS ms
  FROM plays
  WHERE played_date BETWEEN {{from_date}} AND {{to_date}}
    AND coalesce(incognito_mode, false) = false
)
SELECT
  month,
  round(sum(CASE WHEN item_type IN ('track', 'local') THEN ms ELSE 0 END) / 60000.0, 1) AS music_minutes,
  round(sum(CASE WHEN item_type = 'episode' THEN ms ELSE 0 END) / 60000.0, 1) AS podcast_minutes,
  round(sum(CASE WHEN item_type = 'audiobook' THEN ms ELSE 0 END) / 60000.0, 1) AS audiobook_minutes,
  round(100.0 * sum(CASE WHEN item_type IN ('episode', 'audiobook') THEN ms ELSE 0 END) / nullif(sum(ms), 0), 1)
    AS spoken_pct
FROM streams
GROUP BY month
ORDER BY month
