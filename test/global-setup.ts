import { spawnSync } from 'node:child_process'

/**
 * The CLI tests run the built `bin/tunelake.js`, so build `dist/` from the current sources first.
 * tsc emits even when a file has type errors; those fail `npm test`'s own typecheck step instead.
 */
export default function setup(): void {
  spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'ignore',
  })
}
