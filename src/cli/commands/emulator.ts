import type { Command } from 'commander'
import { runAction } from '../fail.js'

interface EmulatorCliOptions {
  port: string
  host: string
  mode: string
  day?: string
  faultRate: string
  rateLimit?: string
  quota?: string
  extraPlaylists: string
  mbRate: string
  openFaultRate: string
  writeExport?: string
  exportDays: string
}

export function registerEmulator(program: Command): void {
  program
    .command('emulator')
    .description(
      'run the built-in Spotify Web API emulator, with MusicBrainz and ListenBrainz beside it (prints one JSON line to connect)',
    )
    .option('--port <n>', 'port (0 = any free port)', '0')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--mode <mode>', 'extended or development', 'extended')
    .option('--day <YYYY-MM-DD>', 'the day the playlists show (default today)')
    .option('--fault-rate <share>', 'share of Web API calls answered 500/502/503 (0-1)', '0')
    .option('--rate-limit <n>', 'Web API calls allowed per rolling 30 s (default unlimited)')
    .option('--quota <n>', 'calls before every answer is 429 QUOTA_EXCEEDED (default unlimited)')
    .option('--extra-playlists <n>', 'further playlists of the demo user', '0')
    .option('--mb-rate <n>', "MusicBrainz's per-IP limit, requests per second on average", '1')
    .option(
      '--open-fault-rate <share>',
      'share of MusicBrainz calls shed with its global 503, and of ListenBrainz calls answered 5xx (0-1)',
      '0',
    )
    .option(
      '--write-export <path>',
      "write the demo user's synthetic Spotify data export (Extended streaming history; a .zip, else a folder) and exit",
    )
    .option('--export-days <n>', 'days of listening in the export, ending with --day', '365')
    .action((options: EmulatorCliOptions) =>
      runAction(async () => {
        const { ArgumentError } = await import('../fail.js')
        const { isApiMode } = await import('../../spotify/api-mode.js')
        const { parseDateOption } = await import('../dates.js')
        const whole = (text: string, name: string, min: number, max: number) => {
          const value = Number(text)
          if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
            throw new ArgumentError(`${name} ${text} is not a whole number from ${min} to ${max}`)
          }
          return value
        }
        const port = whole(options.port, '--port', 0, 65535)
        if (!isApiMode(options.mode))
          throw new ArgumentError(`--mode ${options.mode} is not extended or development`)
        const share = (text: string, name: string) => {
          const value = Number(text)
          if (!/^\d*\.?\d+$/.test(text.trim()) || value > 1) {
            throw new ArgumentError(`${name} ${text} is not a share from 0 to 1 (e.g. 0.2)`)
          }
          return value
        }
        const faultRate = share(options.faultRate, '--fault-rate')
        const openFaultRate = share(options.openFaultRate, '--open-fault-rate')
        const mbRate = Number(options.mbRate)
        if (!/^\d*\.?\d+$/.test(options.mbRate.trim()) || !(mbRate > 0) || mbRate > 1000) {
          throw new ArgumentError(
            `--mb-rate ${options.mbRate} is not a number of requests per second from 0.01 to 1000`,
          )
        }
        const rateLimit =
          options.rateLimit === undefined ? undefined : whole(options.rateLimit, '--rate-limit', 1, 1e6)
        const quota = options.quota === undefined ? undefined : whole(options.quota, '--quota', 0, 1e9)
        if (options.writeExport !== undefined) {
          const { writeExportCommand } = await import('../write-export.js')
          const day = options.day ? parseDateOption(options.day) : new Date().toISOString().slice(0, 10)
          await writeExportCommand(
            options.writeExport,
            day,
            whole(options.exportDays, '--export-days', 1, 3700),
          )
          return
        }
        const { startEmulator } = await import('../../emulator/index.js')
        const { startOpenMusicEmulator } = await import('../../open-music-emulator/index.js')
        const emulator = await startEmulator({
          port,
          host: options.host,
          mode: options.mode,
          ...(options.day ? { day: parseDateOption(options.day) } : {}),
          ...(faultRate > 0 && { faults: { errorRate: faultRate } }),
          ...(rateLimit !== undefined && { rateLimit: { requests: rateLimit } }),
          ...(quota !== undefined && { quota: { requests: quota } }),
          extraPlaylists: whole(options.extraPlaylists, '--extra-playlists', 0, 5000),
        })
        const open = await startOpenMusicEmulator({
          host: options.host,
          limits: { mbRequestsPerSecond: mbRate },
          faults: { mbSheddingRate: openFaultRate, lbErrorRate: openFaultRate },
        })
        process.stdout.write(
          `${JSON.stringify({
            apiBaseUrl: emulator.apiBaseUrl,
            accountsBaseUrl: emulator.accountsBaseUrl,
            clientId: emulator.clientId,
            clientSecret: emulator.clientSecret,
            refreshToken: emulator.demoUser.refreshToken,
            userId: emulator.demoUser.id,
            mode: emulator.mode,
            playlistIds: emulator.playlists.map((p) => p.id),
            playlists: emulator.playlists,
            musicbrainzBaseUrl: open.musicbrainzBaseUrl,
            listenbrainzBaseUrl: open.listenbrainzBaseUrl,
            listenbrainzToken: open.listenbrainzToken,
            synthetic: true,
          })}\n`,
        )
        const stop = () => void Promise.all([emulator.close(), open.close()]).then(() => process.exit(0))
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      }),
    )
}
