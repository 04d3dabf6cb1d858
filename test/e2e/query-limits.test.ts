import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { tunelake } from '../support/cli.js'
import { type EscapeLake, escapeLake } from '../support/escape-lake.js'

let paths: EscapeLake

beforeAll(async () => {
  paths = await escapeLake()
})

/** A config file with these query_limits (and the one source a config needs). */
async function configWith(limits: Record<string, number>): Promise<string> {
  const file = path.join(paths.outside, `config-${Object.values(limits).join('-')}.json`)
  const config = { sources: [{ type: 'playlist', id: '37i9dQZF1DXcBWIGoYBM5M' }], query_limits: limits }
  await writeFile(file, JSON.stringify(config))
  return file
}

const query = (sql: string, ...args: string[]) => tunelake(['query', sql, '--lake', paths.lake, ...args])
const WIDE = "SELECT lpad('x', 30000, 'x') AS x FROM UNNEST(sequence(1, 1000))"

describe('the limits of tunelake query', () => {
  it('stops a result over the size limit with one line naming it, by default at 64 MB', async () => {
    const result = await query("SELECT lpad('x', 30000, 'x') AS x FROM UNNEST(sequence(1, 10000))")
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(
      /^tunelake: the result is over the 64 MB result size limit after \d+ rows; .*raise it with --result-limit-mb or query_limits\.result_mb in the config file\n$/,
    )
  })

  it('takes the limits from the config file, and the flags over them', async () => {
    const config = await configWith({ result_mb: 1 })
    const capped = await query(WIDE, '--config', config)
    expect(capped.code).toBe(1)
    expect(capped.stderr).toMatch(/the result is over the 1 MB result size limit after 33 rows/)
    const raised = await query(WIDE, '--config', config, '--result-limit-mb', '40', '--format', 'csv')
    expect(raised.code).toBe(0)
    expect(raised.stdout.split('\r\n')).toHaveLength(1002)
  })

  it('stops a query past the memory limit with one line naming it', async () => {
    const result = await query(
      'SELECT array_agg(a.x) AS xs FROM UNNEST(sequence(1, 10000)) a(x) CROSS JOIN UNNEST(sequence(1, 3000)) b(y)',
      '--memory-limit-mb',
      '64',
      '--temp-limit-mb',
      '0',
    )
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /^tunelake: the query needed more than the 64 MB memory limit; .*--memory-limit-mb/,
    )
  })

  it.each([
    [
      ['query', 'SELECT 1', '--memory-limit-mb', '10'],
      /--memory-limit-mb 10 is not a whole number of MB from 64 to 1048576/,
    ],
    [
      ['query', 'SELECT 1', '--result-limit-mb', '1000'],
      /--result-limit-mb 1000 is not a whole number of MB from 1 to 256/,
    ],
    [
      ['serve', '--temp-limit-mb', 'lots'],
      /--temp-limit-mb lots is not a whole number of MB from 0 to 10485760/,
    ],
  ])('refuses %j with one line and exit 2', async (args, message) => {
    const result = await tunelake([...args, '--lake', paths.lake])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(message)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('refuses a config whose limits are out of range, naming the field', async () => {
    const result = await query('SELECT 1', '--config', await configWith({ result_mb: 1000 }))
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/query_limits\.result_mb: .*256/)
  })
})
