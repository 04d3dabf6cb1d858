import { describe, expect, it } from 'vitest'
import { JsonArrayError, jsonArrayElements } from './json-array-stream.js'

/** The text in chunks of `size` bytes (cut anywhere, inside strings and multi-byte characters too). */
async function* chunked(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text)
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

async function elements(text: string, size = 7): Promise<unknown[]> {
  const out: unknown[] = []
  for await (const value of jsonArrayElements(chunked(text, size))) out.push(value)
  return out
}

const ROWS = [
  { ts: '2024-12-30T18:04:12Z', ms_played: 201349, name: 'Überall "Rauschen" \\ {[,]}', n: null },
  { ts: '2021-11-15T13:41:43Z', ms_played: 0, nested: { a: [1, { b: '}' }] }, name: '🎧 ’' },
]

describe('jsonArrayElements', () => {
  it('gives each element of every layout Spotify used, whatever the chunk boundaries', async () => {
    const layouts = [
      JSON.stringify(ROWS), // endsong era: minified
      JSON.stringify(ROWS, null, 2), // 2023+: 2-space indent, no trailing newline
      JSON.stringify(ROWS, null, 2).replaceAll('": ', '" : '), // Account data: space before the colon
      `\ufeff${JSON.stringify(ROWS)}\n`, // a byte-order mark and a trailing newline
    ]
    for (const text of layouts) {
      for (const size of [1, 3, 64, 1 << 16]) expect(await elements(text, size)).toEqual(ROWS)
    }
  })

  it('reads scalars and an empty array', async () => {
    expect(await elements('[1, "a,b", true ,null,-2.5e3]')).toEqual([1, 'a,b', true, null, -2500])
    expect(await elements(' [ ] ')).toEqual([])
  })

  it('says a file is truncated, and how many entries it read', async () => {
    const text = JSON.stringify(ROWS, null, 2)
    await expect(elements(text.slice(0, text.length - 40))).rejects.toThrow(
      'the JSON array ends early, after 1 complete entry: the file is truncated',
    )
    await expect(elements('[')).rejects.toThrow('after 0 complete entries')
  })

  it('refuses what is not a JSON array, naming what it found', async () => {
    const cases: [string, string][] = [
      ['', 'the file is empty'],
      ['{"endTime": "2024-12-30 18:04"}', 'it holds a JSON object, not an array of streams'],
      ['ts,ms_played\n2024,1', 'it is not JSON: it starts with "t"'],
      ['\x89PNG', 'it is not JSON text (a binary file?)'],
      ['[{"a": 1} {"b": 2}]', 'entry 1 is followed by "{", not "," or "]"'],
      ['[{"a": 1},,]', 'a stray ","'],
      ['[{"a": 1}] x', 'text follows the array'],
      ['[{"a": tru}]', 'entry 1 is not valid JSON'],
    ]
    for (const [text, message] of cases) {
      const failure = elements(text)
      await expect(failure, text).rejects.toThrow(JsonArrayError)
      await expect(failure, text).rejects.toThrow(message)
    }
  })
})
