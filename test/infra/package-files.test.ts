import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)

describe('the npm package', () => {
  it('ships the built CLI and the insights, and none of the tests, test kits or sources', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], {
      env: { ...process.env, npm_config_update_notifier: 'false' },
    })
    const files = (JSON.parse(stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path)
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/tunelake.js',
        'dist/cli/main.js',
        'dist/clock.js',
        'insights/top_artists.sql',
      ]),
    )
    const unwanted = files.filter(
      (f) => /^(src|test|infra|dist\/bench)\//.test(f) || /\.test\.|test-kit|fixtures/.test(f),
    )
    expect(unwanted).toEqual([])
  })
})
