const ISRC = /^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$/

/**
 * An ISRC as MusicBrainz accepts it (NOTES.md 4.1): upper case, without hyphens or spaces, two
 * letters, three letters or digits, seven digits. Undefined when the text is not one.
 *
 * @example
 * normaliseIsrc('us-sm1-59-00118') // 'USSM15900118'
 * normaliseIsrc('n/a')             // undefined
 */
export function normaliseIsrc(text: string | null | undefined): string | undefined {
  if (!text) return undefined
  const isrc = text.toUpperCase().replace(/[-\s]/g, '')
  return ISRC.test(isrc) ? isrc : undefined
}
