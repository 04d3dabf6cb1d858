/** Athena's on-demand price: $5 per TB scanned. */
export const ATHENA_USD_PER_TB = 5
const MB = 1024 * 1024
const TB = 1024 ** 4
/** Athena bills at least 10 MB per query. */
export const ATHENA_MIN_BILLED_BYTES = 10 * MB

/** The bytes Athena bills for a query that scanned `bytes`: rounded up to the MB, at least 10 MB. */
export function athenaBilledBytes(bytes: number): number {
  return Math.max(ATHENA_MIN_BILLED_BYTES, Math.ceil(bytes / MB) * MB)
}

/** What Athena charges for a query that scanned `bytes`, in US dollars. */
export function athenaCostUsd(bytes: number): number {
  return (athenaBilledBytes(bytes) / TB) * ATHENA_USD_PER_TB
}

/** `1.2 MB`, `340 B`: bytes for people (binary units, as Athena's console shows them). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`
}

/** `$0.000048`: a small dollar amount with enough digits to be non-zero. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0'
  if (usd >= 0.01) return `$${usd.toFixed(2)}`
  return `$${usd.toPrecision(2)}`
}
