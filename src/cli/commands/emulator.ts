import type { Command } from 'commander'
import { runAction } from '../fail.js'

export function registerEmulator(program: Command): void {
  program
    .command('emulator')
    .description('run the built-in Spotify Web API emulator standalone (prints one JSON line to connect)')
    .option('--port <n>', 'port (0 = any free port)', '0')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--mode <mode>', 'extended or development', 'extended')
    .option('--day <YYYY-MM-DD>', 'the day the playlists show (default today)')
    .action((options: { port: string; host: string; mode: string; day?: string }) =>
      runAction(async () => {
        const { ArgumentError } = await import('../fail.js')
        const { isApiMode } = await import('../../spotify/api-mode.js')
        const { parseDateOption } = await import('../dates.js')
        const port = Number(options.port)
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new ArgumentError(`--port ${options.port} is not a port`)
        if (!isApiMode(options.mode))
          throw new ArgumentError(`--mode ${options.mode} is not extended or development`)
        const { startEmulator } = await import('../../emulator/index.js')
        const emulator = await startEmulator({
          port,
          host: options.host,
          mode: options.mode,
          ...(options.day ? { day: parseDateOption(options.day) } : {}),
        })
        process.stdout.write(
          `${JSON.stringify({
            apiBaseUrl: emulator.apiBaseUrl,
            accountsBaseUrl: emulator.accountsBaseUrl,
            clientId: emulator.clientId,
            clientSecret: emulator.clientSecret,
            mode: emulator.mode,
            playlists: emulator.playlists,
          })}\n`,
        )
        const stop = () => void emulator.close().then(() => process.exit(0))
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      }),
    )
}
