import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../bin/tunelake.js', import.meta.url))
const TARGET_SECONDS = 60

/** `tunelake demo` (7 days) in both API modes: wall time against the 60 s target, and peak RSS. */
export async function run(): Promise<void> {
  for (const mode of ['extended', 'development']) {
    const lake = mkdtempSync(path.join(tmpdir(), 'tunelake-bench-demo-'))
    const started = performance.now()
    const result = spawnSync(
      '/usr/bin/time',
      ['-f', '%M', process.execPath, BIN, 'demo', '--mode', mode, '--lake', lake],
      {
        encoding: 'utf8',
      },
    )
    const seconds = (performance.now() - started) / 1000
    const rssMb = Number(result.stderr.trim().split('\n').at(-1)) / 1024
    const status = result.status === 0 ? 'ok' : `FAILED (exit ${result.status})`
    process.stdout.write(
      `demo 7 days, ${mode}: ${seconds.toFixed(1)} s (target < ${TARGET_SECONDS} s, ratio ${(seconds / TARGET_SECONDS).toFixed(2)}), peak RSS ${rssMb.toFixed(0)} MB, ${status}\n`,
    )
    rmSync(lake, { recursive: true, force: true })
  }
}
