import { type ErrorKind, TunelakeError } from '../errors.js'

export class CatalogError extends TunelakeError {
  readonly kind: ErrorKind = 'terminal'
}

/** A catalog document that cannot be read (edited by hand into invalid JSON, say). */
export class CatalogDocumentInvalidError extends CatalogError {}

/** A data file the crawler cannot classify or read (a corrupted Parquet file, say). */
export class CrawlFileInvalidError extends CatalogError {}

/** Crawler options that cannot work together (a table level above the include path, say). */
export class CrawlConfigError extends CatalogError {
  override readonly kind: ErrorKind = 'bad-input'
}

/**
 * A catalog table or partition whose location lies outside the lake being read: a lake copied
 * or moved with a catalog written before locations were kept relative to the lake.
 */
export class CatalogLocationOutsideLakeError extends CatalogError {}
