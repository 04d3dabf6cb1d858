import { Command } from 'commander'
import { registerAuth } from './commands/auth.js'
import { registerCrawl } from './commands/crawl.js'
import { registerDaemon } from './commands/daemon.js'
import { registerDemo } from './commands/demo.js'
import { registerEmulator } from './commands/emulator.js'
import { registerEnrich } from './commands/enrich.js'
import { registerImport } from './commands/import.js'
import { registerInsights } from './commands/insights.js'
import { registerQuery } from './commands/query.js'
import { registerRun } from './commands/run.js'
import { registerServe } from './commands/serve.js'
import { registerStatus } from './commands/status.js'
import { registerTransform } from './commands/transform.js'

// Commands import their use cases lazily, so `tunelake --help` loads neither DuckDB nor the emulator.
const program = new Command()
  .name('tunelake')
  .description('Music-data lakehouse: Spotify Web API -> raw zone -> Parquet tables -> catalog -> SQL')
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)')

registerDemo(program)
registerRun(program)
registerDaemon(program)
registerStatus(program)
registerTransform(program)
registerEnrich(program)
registerImport(program)
registerCrawl(program)
registerQuery(program)
registerInsights(program)
registerEmulator(program)
registerAuth(program)
registerServe(program)

await program.parseAsync(process.argv)
