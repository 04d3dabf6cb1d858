import { call, constant, type Expr, operator } from '../duck-ast.js'
import { sqlError } from '../refusal.js'

/**
 * Time zones as Trino names them: `UTC` (also written `GMT`, `Z`, `UT`, `+00:00`), a fixed offset
 * `+hh:mm` (also `GMT+hh:mm`, `+hh`), or an IANA zone. A named zone is checked against Node's
 * zone database and DuckDB's ICU converts with it; a fixed offset is plain arithmetic.
 */
export function canonicalZone(text: string): string {
  const trimmed = text.trim()
  const upper = trimmed.toUpperCase()
  if (['UTC', 'GMT', 'Z', 'UT', 'ETC/UTC', 'ETC/GMT', 'UCT', 'ZULU', 'UNIVERSAL'].includes(upper))
    return 'UTC'
  const offset = /^(?:UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(trimmed)
  if (offset) {
    const hours = Number(offset[2])
    const minutes = Number(offset[3] ?? 0)
    if (hours > 14 || minutes > 59) sqlError(`Invalid time zone offset ${text}`)
    if (hours === 0 && minutes === 0) return 'UTC'
    return `${offset[1]}${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`
  }
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone
    return resolved.toLowerCase() === trimmed.toLowerCase() ? resolved : trimmed
  } catch {
    return sqlError(`'${text}' is not a valid time zone`)
  }
}

/** The offset of a fixed-offset zone in minutes, or undefined for a named zone. */
export function zoneOffsetMinutes(zone: string): number | undefined {
  if (zone === 'UTC') return 0
  const match = /^([+-])(\d\d):(\d\d)$/.exec(zone)
  if (!match) return undefined
  const minutes = Number(match[2]) * 60 + Number(match[3])
  return match[1] === '-' ? -minutes : minutes
}

/** A TIMESTAMPTZ (an instant) as the TIMESTAMP of its wall-clock time in `zone`. */
export function instantToWall(instant: Expr, zone: string): Expr {
  const offset = zoneOffsetMinutes(zone)
  if (offset === undefined) return call('timezone', [constant(zone), instant])
  const utc = call('timezone', [constant('UTC'), instant])
  return offset === 0 ? utc : operator('+', [utc, call('to_minutes', [constant(offset, 'BIGINT')])])
}

/** A TIMESTAMP read as a wall-clock time in `zone`, as the TIMESTAMPTZ instant it names there. */
export function wallToInstant(wall: Expr, zone: string): Expr {
  const offset = zoneOffsetMinutes(zone)
  if (offset === undefined) return call('timezone', [constant(zone), wall])
  const utc = call('timezone', [constant('UTC'), wall])
  return offset === 0 ? utc : operator('-', [utc, call('to_minutes', [constant(offset, 'BIGINT')])])
}
