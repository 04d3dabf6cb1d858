import type { Command } from 'commander'
import { runAction } from '../fail.js'

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the whole pipeline offline on the built-in Spotify emulator for N simulated days')
    .option('--days <n>', 'simulated days, ending today', '7')
    .option('--mode <mode>', 'Spotify API mode to emulate: extended or development', 'extended')
    .option('--lake <dir>', 'lake folder', './lake')
    .action((options: { days: string; mode: string; lake: string }) =>
      runAction(async () => {
        const { ArgumentError } = await import('../fail.js')
        const { isApiMode } = await import('../../spotify/api-mode.js')
        const days = Number(options.days)
        if (!Number.isInteger(days) || days < 1 || days > 366) {
          throw new ArgumentError(`--days ${options.days} is not a number of days from 1 to 366`)
        }
        if (!isApiMode(options.mode)) {
          throw new ArgumentError(`--mode ${options.mode} is not an API mode; use extended or development`)
        }
        const { runDemoCommand } = await import('../demo-report.js')
        await runDemoCommand({ lake: options.lake, days, mode: options.mode })
      }),
    )
}
