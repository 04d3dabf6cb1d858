/**
 * `npm run bench`: speed and memory figures with their targets and ratios. Each section is a
 * module exporting `run(): Promise<void>` that prints its own lines; pass section names to run
 * only those (`npm run bench -- demo query`).
 */
const SECTIONS: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  demo: () => import('./demo-bench.js'),
  transform: () => import('./transform-bench.js'),
  extract: () => import('./extract-bench.js'),
  enrich: () => import('./enrich-bench.js'),
  dashboard: () => import('./dashboard-bench.js'),
  query: () => import('./query-bench.js'),
  import: () => import('./import-bench.js'),
  aws: () => import('./aws-bench.js'),
}

const wanted = process.argv.slice(2)
for (const [name, load] of Object.entries(SECTIONS)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue
  process.stdout.write(`\n== ${name} ==\n`)
  await (await load()).run()
}
