import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningS3, startS3 } from '../contracts/s3-server.js'
import { tunelake } from '../support/cli.js'

/** The commands that tend or read an existing lake, each with what else it needs. */
const READERS: [string, string[]][] = [
  ['transform', ['transform']],
  ['crawl', ['crawl']],
  ['status', ['status']],
  ['query', ['query', 'SELECT 1']],
  ['insights', ['insights', 'top_artists', '--param', 'playlist_id=37i9dQZF1DXcBWIGoYBM5M']],
  ['serve', ['serve', '--port', '0']],
  ['daemon (no config)', ['daemon']],
]

let dir: string
let s3: RunningS3

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tunelake-lake-arg-'))
  s3 = await startS3(['lakes'])
})

afterAll(async () => {
  await s3?.close()
})

function expectOneLine(stderr: string, pattern: RegExp): void {
  expect(stderr.trimEnd().split('\n')).toHaveLength(1)
  expect(stderr).toMatch(pattern)
}

describe('--lake naming a path that does not exist', () => {
  it.each(READERS)('%s says there is no lake there (exit 2) and creates nothing', async (name, args) => {
    const missing = path.join(dir, `missing-${name.replace(/\W/g, '-')}`)
    const result = await tunelake([...args, '--lake', missing])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expectOneLine(
      result.stderr,
      new RegExp(
        `^tunelake: there is no lake at ${missing} \\(no such folder\\), .*run tunelake demo or tunelake run --config FILE to create one there, or give --lake an existing lake\\n$`,
      ),
    )
    expect(await readdir(dir)).not.toContain(path.basename(missing))
  })

  it('on S3, a prefix holding nothing is no lake either', async () => {
    const result = await tunelake(['status', '--lake', 's3://lakes/typo'], s3.env)
    expect(result.code).toBe(2)
    expectOneLine(
      result.stderr,
      /^tunelake: there is no lake at s3:\/\/lakes\/typo \(nothing is stored under that prefix\)/,
    )
  })
})

describe('--lake naming a file', () => {
  // Every command opens its lake through one function; two readers and a creator stand for all.
  const commands = READERS.filter(([name]) => name === 'status' || name === 'transform')
  it.each([...commands, ['demo', ['demo', '--days', '1']] as [string, string[]]])(
    '%s refuses it on one line (exit 2) and leaves it as it was',
    async (name, args) => {
      const file = path.join(dir, `file-${name.replace(/\W/g, '-')}`)
      await writeFile(file, 'not a lake')
      const result = await tunelake([...args, '--lake', file])
      expect(result.code).toBe(2)
      expectOneLine(
        result.stderr,
        name === 'demo'
          ? /^tunelake: cannot write to the lake at .* \(ENOTDIR\): choose a writable folder with --lake; that path is a file\n$/
          : /^tunelake: the lake at .* is a file, not a lake folder; give --lake the folder of an existing lake\n$/,
      )
      expect(await readFile(file, 'utf8')).toBe('not a lake')
    },
  )
})
