import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build, type Metafile } from 'esbuild'
import {
  ESM_REQUIRE_BANNER,
  HANDLER_BUNDLES,
  HANDLER_TARGET,
  type HandlerName,
} from '../aws/bundle-settings.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
/** Inside node_modules, so the transform bundle's external DuckDB packages resolve as they do in Lambda. */
const OUT = path.join(ROOT, 'node_modules', '.cache', 'tunelake-aws-bench')
const LOADS = 5
const TARGETS = { bundleMb: 3, loadMs: 300, packageMb: 250 }

/**
 * The Lambda handlers as the stack deploys them: each bundled by esbuild with the stack's
 * settings (src/aws/bundle-settings.ts), its size, the size of the whole function package
 * (with DuckDB's native packages for the transform; Lambda allows 250 MB unzipped), and the
 * median time a fresh Node process takes to import the bundle (the module-load part of a cold
 * start), plus DuckDB's first connection, which the transform pays on its first write.
 */
export async function run(): Promise<void> {
  for (const name of Object.keys(HANDLER_BUNDLES) as HandlerName[]) {
    const bundle = HANDLER_BUNDLES[name]
    const outfile = path.join(OUT, name, 'index.mjs')
    await bundleHandler(name, outfile)
    const bundleMb = statSync(outfile).size / 1024 / 1024
    const nativeMb =
      bundle.external.reduce((sum, pkg) => sum + folderBytes(path.join(ROOT, 'node_modules', pkg)), 0) /
      1024 /
      1024
    const loadMs = median(Array.from({ length: LOADS }, () => timeImport(outfile)))
    const packageMb = bundleMb + nativeMb
    process.stdout.write(
      `${name} handler: bundle ${bundleMb.toFixed(2)} MB (target < ${TARGETS.bundleMb} MB, ratio ${(bundleMb / TARGETS.bundleMb).toFixed(2)})` +
        `, package ${packageMb.toFixed(1)} MB unzipped (limit ${TARGETS.packageMb} MB, ratio ${(packageMb / TARGETS.packageMb).toFixed(2)})` +
        `, module load ${loadMs.toFixed(0)} ms median of ${LOADS} (target < ${TARGETS.loadMs} ms, ratio ${(loadMs / TARGETS.loadMs).toFixed(2)})\n`,
    )
  }
  const duckMs = median(Array.from({ length: LOADS }, () => timeDuckDbOpen()))
  process.stdout.write(
    `transform handler: DuckDB load and first connection ${duckMs.toFixed(0)} ms median of ${LOADS} (paid once per cold start, on the first Parquet write)\n`,
  )
}

/**
 * Bundles one handler exactly as the stack's NodejsFunction does (infra/handler-function.ts):
 * ESM for node24, minified, the AWS SDK inside, the native packages left outside.
 */
export async function bundleHandler(name: HandlerName, outfile: string): Promise<Metafile> {
  const bundle = HANDLER_BUNDLES[name]
  mkdirSync(path.dirname(outfile), { recursive: true })
  const result = await build({
    entryPoints: [path.join(ROOT, bundle.entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: HANDLER_TARGET,
    minify: true,
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    external: [...bundle.external],
    metafile: true,
    logLevel: 'error',
  })
  return result.metafile
}

/** Milliseconds a fresh Node process spends importing the module (process start excluded). */
function timeImport(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t))`
  return runTimed(script)
}

function timeDuckDbOpen(): number {
  const script = `const t = performance.now(); const { DuckDBInstance } = await import('@duckdb/node-api'); const db = await DuckDBInstance.create(':memory:'); await db.connect(); process.stdout.write(String(performance.now() - t))`
  return runTimed(script, path.join(OUT, 'transform'))
}

function runTimed(script: string, cwd = ROOT): number {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  })
  const ms = Number(result.stdout.trim())
  if (result.status !== 0 || !Number.isFinite(ms)) {
    throw new Error(
      `timing failed (exit ${result.status}): ${result.stderr.trim().split('\n').slice(-3).join(' ')}`,
    )
  }
  return ms
}

function folderBytes(folder: string): number {
  let total = 0
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name)
    total += entry.isDirectory() ? folderBytes(full) : statSync(full).size
  }
  return total
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}
