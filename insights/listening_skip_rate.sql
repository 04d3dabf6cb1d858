-- Skip rate by artist: the share of each artist's tracks you skipped (next or previous button), highest first, over the streams whose end the export records (private sessions left out).
-- param from_date date=first  first day played (UTC; default: the first)
-- param to_date date=last  last day played (UTC; default: the latest)
-- param min_streams count=20  leave out artists with fewer streams than this
-- The API does not say how a play ended, so only streams with a reason_end count. Spotify's own
-- skipped flag is false on every stream from 2015 to October 2022, so the reason counts too.
WITH streams AS (
  SELECT
    artist_name AS artist,
    ((skipped IS NOT NULL AND skipped) OR reason_end IN ('fwdbtn', 'backbtn')) AS skip
  FROM plays
  WHERE played_date BETWEEN {{from_date}} AND {{to_date}}
    AND item_type = 'track' AND artist_name IS NOT NULL AND reason_end IS NOT NULL
    AND (incognito_mode IS NULL OR NOT incognito_mode)
)
SELECT
  artist,
  count(*) AS streams,
  count_if(skip) AS skips,
  round(100 * CAST(count_if(skip) AS double) / count(*), 1) AS skip_rate_pct
FROM streams
GROUP BY artist
HAVING count(*) >= CAST({{min_streams}} AS integer)
ORDER BY skip_rate_pct DESC, streams DESC, artist
LIMIT 20
