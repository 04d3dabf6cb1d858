import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** The page's sources (read from both `src/dashboard/` and `dist/dashboard/`). */
const WEB_DIR = fileURLToPath(new URL('../../src/dashboard/web/', import.meta.url))
/** Where the server finds the built page. */
export const ASSETS_DIR = fileURLToPath(new URL('../../dist/dashboard/assets/', import.meta.url))

const STATIC_FILES = ['index.html', 'app.css', 'favicon.svg']
const CHUNKS_MARK = '<!-- chunks: the build puts a modulepreload link here for each script chunk -->'

/**
 * Bundles the page (its TypeScript and Chart.js) with esbuild: `app.js`, and Chart.js with the
 * drawing code in a chunk the page fetches while its first API answers are on the way; beside
 * them `index.html`, `app.css` and the icon. Everything the page needs is served by tunelake,
 * nothing comes from a CDN. Each file is written under a temp name and renamed, so a running
 * server never reads half a file; chunks of earlier builds are removed.
 */
export async function buildDashboardAssets(
  outDir: string = ASSETS_DIR,
): Promise<{ files: string[]; bytes: number }> {
  const { build } = await import('esbuild')
  const result = await build({
    entryPoints: [path.join(WEB_DIR, 'main.ts')],
    bundle: true,
    format: 'esm',
    splitting: true,
    outdir: outDir,
    entryNames: 'app',
    chunkNames: 'chunk-[hash]',
    platform: 'browser',
    target: ['chrome100', 'firefox100', 'safari15'],
    minify: true,
    write: false,
    legalComments: 'eof',
    logLevel: 'silent',
    metafile: true,
  })
  await mkdir(outDir, { recursive: true })
  const outputs: [string, Uint8Array][] = result.outputFiles.map((f) => [path.basename(f.path), f.contents])
  let bytes = 0
  for (const [name, contents] of outputs) {
    await writeAtomically(path.join(outDir, name), contents)
    bytes += contents.byteLength
  }
  // The chunks app.js imports outright are fetched with it, not found one import after another;
  // the Chart.js chunk it imports on demand is left to the page, which asks for it early.
  const app = Object.entries(result.metafile.outputs).find(([file]) => path.basename(file) === 'app.js')?.[1]
  const preload = (app?.imports ?? [])
    .filter((i) => i.kind === 'import-statement')
    .map((i) => `<link rel="modulepreload" href="/${path.basename(i.path)}" />`)
    .join('\n    ')
  const html = (await readFile(path.join(WEB_DIR, 'index.html'), 'utf8')).replace(CHUNKS_MARK, preload)
  await writeAtomically(path.join(outDir, 'index.html'), new TextEncoder().encode(html))
  for (const name of STATIC_FILES.filter((n) => n !== 'index.html')) {
    const temp = path.join(outDir, `.${name}.tmp-${process.pid}`)
    await copyFile(path.join(WEB_DIR, name), temp)
    await rename(temp, path.join(outDir, name))
  }
  const current = new Set(outputs.map(([name]) => name))
  for (const name of await readdir(outDir)) {
    if (/^chunk-.*\.js$/.test(name) && !current.has(name)) await rm(path.join(outDir, name), { force: true })
  }
  return { files: [...current, ...STATIC_FILES], bytes }
}

async function writeAtomically(file: string, contents: Uint8Array): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}`)
  await writeFile(temp, contents)
  await rename(temp, file)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Quiet on success: `npm start` runs the build right before the demo's own output.
  await buildDashboardAssets()
}
