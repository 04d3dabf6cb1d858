import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import path from 'node:path'
import { SpotifyTokenFileError } from './errors.js'
import { RefreshTokenProvider } from './refresh-token-provider.js'

/** What `tunelake auth login` stores: never printed, never logged, file mode 0600. */
export interface StoredToken {
  format: 'tunelake.spotify-token/v1'
  client_id: string
  refresh_token: string
  scope: string
  /** When the user authorised: Spotify refresh tokens stop working six months later. */
  authorized_at: string
  accounts_base_url: string
}

/** `$TUNELAKE_TOKEN_FILE`, else `$XDG_CONFIG_HOME/tunelake/spotify-token.json` (default `~/.config`). */
export function tokenFilePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TUNELAKE_TOKEN_FILE) return path.resolve(env.TUNELAKE_TOKEN_FILE)
  const config = env.XDG_CONFIG_HOME || path.join(homedir(), '.config')
  return path.join(config, 'tunelake', 'spotify-token.json')
}

/**
 * Reads the token file; `undefined` when there is none. Refuses a file others can read (like
 * ssh does with keys) and one that is not a tunelake token file, each with what to do.
 */
export async function readTokenFile(file: string): Promise<StoredToken | undefined> {
  let mode: number
  try {
    mode = (await stat(file)).mode
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new SpotifyTokenFileError(
      `cannot read the token file ${file} (${(error as NodeJS.ErrnoException).code}); check its permissions`,
    )
  }
  if ((mode & 0o077) !== 0) {
    throw new SpotifyTokenFileError(
      `the token file ${file} can be read by other users (mode ${(mode & 0o777).toString(8)}); run chmod 600 ${file}`,
    )
  }
  let value: unknown
  try {
    value = JSON.parse(await readFile(file, 'utf8'))
  } catch {
    value = undefined
  }
  const token = value as Partial<StoredToken> | undefined
  if (
    token?.format !== 'tunelake.spotify-token/v1' ||
    typeof token.refresh_token !== 'string' ||
    typeof token.client_id !== 'string'
  ) {
    throw new SpotifyTokenFileError(
      `${file} is not a tunelake token file; delete it and run tunelake auth login`,
    )
  }
  return token as StoredToken
}

/** Writes the token file whole (temp file and rename), mode 0600, its folder 0700. */
export async function writeTokenFile(file: string, token: StoredToken): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 })
  const temp = `${file}.${process.pid}.tmp`
  await writeFile(temp, `${JSON.stringify(token, null, 2)}\n`, { mode: 0o600 })
  await chmod(temp, 0o600)
  await rename(temp, file)
}

/**
 * The user's tokens from the token file `tunelake auth login` wrote, each refresh token Spotify
 * rotates written back to it before use (so the next process starts from it); `undefined` when
 * there is no token file.
 *
 * @example
 * const tokens = await tokenFileProvider(tokenFilePath(), 'https://accounts.spotify.com')
 */
export async function tokenFileProvider(
  file: string,
  accountsBaseUrl: string,
  now: () => number = Date.now,
): Promise<RefreshTokenProvider | undefined> {
  const stored = await readTokenFile(file)
  if (!stored) return undefined
  return new RefreshTokenProvider(
    {
      accountsBaseUrl,
      clientId: stored.client_id,
      refreshToken: stored.refresh_token,
      origin: 'token file',
      onRotate: (refreshToken) => writeTokenFile(file, { ...stored, refresh_token: refreshToken }),
    },
    fetch,
    now,
  )
}
