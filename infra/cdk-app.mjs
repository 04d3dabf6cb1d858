// The `app` of cdk.json. The CDK app is TypeScript and the repository has no TypeScript runner,
// so esbuild (already a dependency, used for the Lambda bundles) compiles infra/app.ts into
// cdk.out/ and Node runs it. Packages stay external: they load from node_modules.
import { spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'

const outdir = path.resolve('cdk.out', '.app')
mkdirSync(outdir, { recursive: true })
const outfile = path.join(outdir, 'app.mjs')
await build({
  entryPoints: ['infra/app.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
})
const result = spawnSync(process.execPath, [outfile], { stdio: 'inherit' })
process.exit(result.status ?? 1)
