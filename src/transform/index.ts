export { type BuiltTables, buildTables, type TransformStats } from './build-tables.js'
export type {
  AlbumsContent,
  ArtistsContent,
  ContentOrigin,
  EnvelopeContent,
  Episode,
  FullAlbum,
  FullArtist,
  ItemsPage,
  PlaylistContent,
  PlaylistItem,
  PlaylistItemsContent,
  PlaylistMeta,
  SimplifiedAlbum,
  SimplifiedArtist,
  Track,
} from './envelope-content.js'
export {
  RawObjectInvalidError,
  ResponseShapeError,
  SnapshotDateMixedError,
  TransformError,
} from './errors.js'
export { parseRawObject } from './parse-raw-object.js'
export { readEnvelope } from './read-envelope.js'
export {
  type NormalisedReleaseDate,
  normaliseReleaseDate,
  type ReleaseDatePrecision,
} from './release-date.js'
export {
  type ColumnSpec,
  type ColumnType,
  PARTITION_KEY,
  type Row,
  TABLE_SPECS,
  type TableName,
  type TableRows,
  type TableSpec,
  tableSpec,
} from './table-specs.js'
