-- Spotify vs open data: each track of a playlist's snapshot that both describe, Spotify's popularity and first-artist genres beside open data's (a 0-100 score of ListenBrainz listeners, MusicBrainz genres), biggest popularity gaps first.
-- param playlist_id playlist  the playlist (id, spotify: URI or open.spotify.com URL)
-- param snapshot_date date=last  the day (the playlist's latest snapshot on or before it; default: the latest)
-- requires tracks.popularity  Spotify no longer returns track popularity to development-mode apps; the comparison needs a lake extracted in extended mode
-- requires-open-data track_recordings.recording_mbid  no track of the lake is matched to MusicBrainz yet; run tunelake enrich (or turn the enrichment on) and transform
WITH day AS (
  SELECT max(snapshot_date) AS day FROM playlist_tracks
  WHERE playlist_id = {{playlist_id}} AND snapshot_date <= {{snapshot_date}}
),
entries AS (
  SELECT DISTINCT pt.snapshot_date, pt.track_id FROM playlist_tracks pt, day d
  WHERE pt.playlist_id = {{playlist_id}} AND pt.snapshot_date = d.day
    AND pt.item_type = 'track' AND pt.track_id IS NOT NULL
),
spotify AS (
  SELECT e.track_id, t.name, t.popularity, a.genres
  FROM entries e
  JOIN tracks t ON t.track_id = e.track_id AND t.snapshot_date = e.snapshot_date
  LEFT JOIN track_artists ta ON ta.track_id = e.track_id AND ta.snapshot_date = e.snapshot_date AND ta.artist_position = 1
  LEFT JOIN artists a ON a.artist_id = ta.artist_id AND a.snapshot_date = e.snapshot_date
),
open_genres AS (
  SELECT track_id, array_agg(genre ORDER BY count DESC, genre) AS genres
  FROM track_genres
  GROUP BY track_id
),
both_sources AS (
  SELECT s.track_id, s.name, s.popularity AS spotify_popularity, r.popularity AS open_data_popularity,
    coalesce(s.genres, ARRAY[]) AS spotify_genres, coalesce(g.genres, ARRAY[]) AS open_data_genres
  FROM spotify s
  JOIN track_recordings r ON r.track_id = s.track_id AND r.recording_mbid IS NOT NULL
  LEFT JOIN open_genres g ON g.track_id = s.track_id
)
SELECT
  track_id,
  name,
  spotify_popularity,
  open_data_popularity,
  open_data_popularity - spotify_popularity AS popularity_gap,
  array_join(spotify_genres, ', ') AS spotify_genres,
  array_join(open_data_genres, ', ') AS open_data_genres,
  cardinality(filter(open_data_genres, x -> contains(spotify_genres, x))) AS shared_genres
FROM both_sources
WHERE (spotify_popularity IS NOT NULL AND open_data_popularity IS NOT NULL)
   OR (cardinality(spotify_genres) > 0 AND cardinality(open_data_genres) > 0)
ORDER BY abs(open_data_popularity - spotify_popularity) DESC NULLS LAST, track_id
