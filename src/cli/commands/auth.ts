import type { Command } from 'commander'
import { runAction } from '../fail.js'

const DEFAULT_PORT = '8888'

/**
 * `tunelake auth login|status|logout`: authorise tunelake to read a user's Spotify data (PKCE,
 * loopback redirect), show what is stored, or forget it. The token itself is never printed.
 */
export function registerAuth(program: Command): void {
  const auth = program
    .command('auth')
    .description("authorise tunelake to read a Spotify user's playlists, library, plays and top items")
  auth
    .command('login')
    .description(
      `open Spotify's consent page (PKCE) and store the refresh token in a 0600 file; register http://127.0.0.1:${DEFAULT_PORT}/callback as a redirect URI of your app`,
    )
    .option('--port <n>', 'loopback port of the redirect URI (0 = any free port)', DEFAULT_PORT)
    .option('--timeout <seconds>', 'give up after this long without the browser coming back', '300')
    .action((options: { port: string; timeout: string }) =>
      runAction(async () => {
        const { ArgumentError } = await import('../fail.js')
        const { ConfigError } = await import('../../config/config.js')
        const port = Number(options.port)
        if (!/^\d+$/.test(options.port) || port > 65535) {
          throw new ArgumentError(`--port ${options.port} is not a port`)
        }
        const timeout = Number(options.timeout)
        if (!/^\d+$/.test(options.timeout) || timeout < 1) {
          throw new ArgumentError(`--timeout ${options.timeout} is not a number of seconds`)
        }
        const clientId = process.env.SPOTIFY_CLIENT_ID
        if (!clientId) {
          throw new ConfigError(
            'SPOTIFY_CLIENT_ID is not set; export the client id of your Spotify app (no secret is needed for this login)',
          )
        }
        const { spotifyEndpointsFromEnv } = await import('../spotify-from-env.js')
        const { pkceLogin } = await import('../../spotify/pkce-login.js')
        const { tokenFilePath, writeTokenFile } = await import('../../spotify/token-file.js')
        const { accountsBaseUrl } = spotifyEndpointsFromEnv()
        const result = await pkceLogin({
          clientId,
          accountsBaseUrl,
          port,
          timeoutMs: timeout * 1000,
          announce: (url) =>
            process.stderr.write(`Open this URL in a browser and approve tunelake's access:\n${url}\n`),
        })
        const file = tokenFilePath()
        await writeTokenFile(file, {
          format: 'tunelake.spotify-token/v1',
          client_id: clientId,
          refresh_token: result.refreshToken,
          scope: result.scope,
          authorized_at: new Date().toISOString(),
          accounts_base_url: accountsBaseUrl,
        })
        process.stdout.write(
          `authorised (scopes: ${result.scope || 'none'}); refresh token stored in ${file} (mode 0600); it expires six months from now, then run tunelake auth login again\n`,
        )
      }),
    )
  auth
    .command('status')
    .description('say whether a user authorisation is stored, for which app and until when (never the token)')
    .action(() =>
      runAction(async () => {
        const { readTokenFile, tokenFilePath } = await import('../../spotify/token-file.js')
        const file = tokenFilePath()
        const stored = await readTokenFile(file)
        if (!stored) {
          process.stdout.write(`no user authorisation stored (${file}); run tunelake auth login\n`)
          return
        }
        const expires = new Date(Date.parse(stored.authorized_at) + 182 * 86_400_000)
        const state = expires.getTime() > Date.now() ? 'expires' : 'EXPIRED'
        process.stdout.write(
          `${file}: app ${stored.client_id}, scopes ${stored.scope || 'none'}, authorised ${stored.authorized_at}, ${state} ${expires.toISOString()}\n`,
        )
      }),
    )
  auth
    .command('logout')
    .description('delete the stored user authorisation')
    .action(() =>
      runAction(async () => {
        const { rm } = await import('node:fs/promises')
        const { tokenFilePath } = await import('../../spotify/token-file.js')
        const file = tokenFilePath()
        await rm(file, { force: true })
        process.stdout.write(`removed ${file}\n`)
      }),
    )
}
