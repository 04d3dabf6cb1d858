import { randomBytes } from 'node:crypto'

/** A sortable run id, `YYYYMMDDTHHMMSSZ-<hex>`: runs started later sort after earlier ones. */
export function newRunId(now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
  return `${stamp}-${randomBytes(3).toString('hex')}`
}
