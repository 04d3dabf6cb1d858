/** Why a stream is not a whole JSON array; the message names what was found and where. */
export class JsonArrayError extends Error {}

const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const BOM = [0xef, 0xbb, 0xbf]

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09

/**
 * The elements of a top-level JSON array, parsed one at a time as the bytes arrive, so memory
 * holds one element and one chunk whatever the array's size. Any layout parses (minified,
 * indented, `" : "`); elements are cut at the array's top-level commas (strings and nesting are
 * tracked bytewise: UTF-8 never puts a structural byte inside a multi-byte character) and each
 * goes through `JSON.parse`. Throws `JsonArrayError` for text that is not a JSON array, an
 * element that is not JSON, or an array cut short (a truncated file).
 *
 * @example
 * for await (const row of jsonArrayElements(createReadStream('endsong_0.json'))) console.log(row)
 */
export async function* jsonArrayElements(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<unknown> {
  let state: ScanState = 'start'
  let bomAt = 0
  let depth = 0
  let inString = false
  let escaped = false
  let parts: Uint8Array[] = []
  let count = 0
  let offset = 0
  for await (const chunk of chunks) {
    let from = state === 'element' ? 0 : -1
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!
      if (state === 'element') {
        if (inString) {
          if (escaped) escaped = false
          else if (b === BACKSLASH) escaped = true
          else if (b === QUOTE) inString = false
          continue
        }
        if (b === QUOTE) inString = true
        else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++
        else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
          if (depth === 0) {
            // a scalar element ends at the array's `]`
            parts.push(chunk.subarray(from, i))
            yield parse(parts, count++)
            parts = []
            state = 'done'
            from = -1
            continue
          }
          depth--
          if (depth === 0) {
            parts.push(chunk.subarray(from, i + 1))
            yield parse(parts, count++)
            parts = []
            state = 'after'
            from = -1
          }
        } else if (depth === 0 && (b === COMMA || isSpace(b))) {
          parts.push(chunk.subarray(from, i))
          yield parse(parts, count++)
          parts = []
          from = -1
          state = b === COMMA ? 'before' : 'after'
        }
        continue
      }
      if (state === 'start' && bomAt < BOM.length && b === BOM[bomAt] && offset + i === bomAt) {
        bomAt++
        continue
      }
      if (isSpace(b)) continue
      if (state === 'start') {
        if (b !== OPEN_BRACKET) throw new JsonArrayError(notAnArray(b))
        state = 'before'
      } else if (state === 'before') {
        if (b === CLOSE_BRACKET && count === 0) state = 'done'
        else if (b === COMMA || b === CLOSE_BRACKET)
          throw new JsonArrayError(`not valid JSON: a stray "${String.fromCharCode(b)}" after entry ${count}`)
        else {
          state = 'element'
          from = i
          depth = 0
          if (b === QUOTE) inString = true
          else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth = 1
        }
      } else if (state === 'after') {
        if (b === COMMA) state = 'before'
        else if (b === CLOSE_BRACKET) state = 'done'
        else
          throw new JsonArrayError(
            `not valid JSON: entry ${count} is followed by "${String.fromCharCode(b)}", not "," or "]"`,
          )
      } else {
        throw new JsonArrayError(`not valid JSON: text follows the array's closing "]"`)
      }
    }
    if (state === 'element') parts.push(chunk.subarray(from))
    offset += chunk.length
  }
  checkEnd(state, count)
}

type ScanState = 'start' | 'before' | 'element' | 'after' | 'done'

function checkEnd(state: ScanState, count: number): void {
  if (state === 'start') throw new JsonArrayError('the file is empty, not a JSON array')
  if (state !== 'done') {
    throw new JsonArrayError(
      `the JSON array ends early, after ${count} complete ${count === 1 ? 'entry' : 'entries'}: the file is truncated`,
    )
  }
}

function parse(parts: readonly Uint8Array[], index: number): unknown {
  const text = Buffer.concat(parts).toString('utf8')
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new JsonArrayError(`entry ${index + 1} is not valid JSON (${(error as Error).message})`)
  }
}

function notAnArray(b: number): string {
  if (b === OPEN_BRACE) return 'it holds a JSON object, not an array of streams'
  if (b < 0x20 || b > 0x7e) return 'it is not JSON text (a binary file?)'
  return `it is not JSON: it starts with "${String.fromCharCode(b)}"`
}
