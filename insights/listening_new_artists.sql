-- New artists per month: how many artists you played for the first time ever in each month, and the first of them (private sessions left out).
-- param from_date date=first  first day played (UTC; default: the first)
-- param to_date date=last  last day played (UTC; default: the latest)
-- An artist is new in the month of its first play (30 s or more, or to the end), over the whole history.
WITH firsts AS (
  SELECT artist_name AS artist, min(played_at) AS first_played
  FROM plays
  WHERE item_type IN ('track', 'local') AND artist_name IS NOT NULL
    AND (ms_played IS NULL OR ms_played >= 30000 OR reason_end = 'trackdone')
    AND (incognito_mode IS NULL OR NOT incognito_mode)
  GROUP BY artist_name
)
SELECT
  substr(CAST(CAST(first_played AS date) AS varchar), 1, 7) AS month,
  count(*) AS new_artists,
  min_by(artist, first_played) AS first_new_artist
FROM firsts
WHERE CAST(CAST(first_played AS date) AS varchar) BETWEEN {{from_date}} AND {{to_date}}
GROUP BY 1
ORDER BY 1
