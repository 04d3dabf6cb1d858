-- Music versus podcasts: minutes of music, podcast episodes and audiobook chapters per month, and the spoken share (private sessions left out).
-- param from_date date=first  first day played (UTC; default: the first)
-- param to_date date=last  last day played (UTC; default: the latest)
-- Music is Spotify tracks and local files.
WITH streams AS (
  SELECT
    substr(played_date, 1, 7) AS month,
    item_type,
    CASE WHEN ms_played IS NOT NULL THEN ms_played WHEN duration_ms IS NOT NULL THEN duration_ms ELSE 0 END AS ms
  FROM plays
  WHERE played_date BETWEEN {{from_date}} AND {{to_date}}
    AND (incognito_mode IS NULL OR NOT incognito_mode)
)
SELECT
  month,
  round(CAST(sum(CASE WHEN item_type IN ('track', 'local') THEN ms ELSE 0 END) AS double) / 60000, 1) AS music_minutes,
  round(CAST(sum(CASE WHEN item_type = 'episode' THEN ms ELSE 0 END) AS double) / 60000, 1) AS podcast_minutes,
  round(CAST(sum(CASE WHEN item_type = 'audiobook' THEN ms ELSE 0 END) AS double) / 60000, 1) AS audiobook_minutes,
  round(100 * CAST(sum(CASE WHEN item_type IN ('episode', 'audiobook') THEN ms ELSE 0 END) AS double) / nullif(sum(ms), 0), 1)
    AS spoken_pct
FROM streams
GROUP BY month
ORDER BY month
