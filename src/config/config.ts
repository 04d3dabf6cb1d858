import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { TunelakeError } from '../errors.js'
import { parsePlaylistRef } from '../spotify/spotify-ids.js'

export class ConfigError extends TunelakeError {
  readonly retryable = false
}

const playlistSource = z.object({
  type: z.literal('playlist'),
  id: z.string().transform((ref, ctx) => {
    const id = parsePlaylistRef(ref)
    if (!id) {
      ctx.addIssue({
        code: 'custom',
        message: `"${ref}" is not a playlist id (22 letters and digits), spotify:playlist: URI or open.spotify.com URL`,
      })
      return z.NEVER
    }
    return id
  }),
})

const configSchema = z.strictObject({
  /** Lake location: a folder (default ./lake). */
  lake: z.string().min(1).optional(),
  /** Name of the catalog database (Glue database name rules: lower-case, digits, _). */
  database: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,254}$/, 'must be lower-case letters, digits and _, starting with a letter')
    .default('tunelake'),
  /** Force the API shape instead of detecting it from the responses. */
  api_mode: z.enum(['auto', 'extended', 'development']).default('auto'),
  sources: z.array(z.discriminatedUnion('type', [playlistSource])).min(1, 'list at least one source'),
})

export type TunelakeConfig = z.infer<typeof configSchema>

export function parseConfig(value: unknown, origin: string): TunelakeConfig {
  const parsed = configSchema.safeParse(value)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]!
  const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)'
  throw new ConfigError(
    `${origin}: ${where}: ${issue.message}; fix the config file (see README, Configuration)`,
  )
}

export async function loadConfig(file: string): Promise<TunelakeConfig> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new ConfigError(
      code === 'ENOENT'
        ? `config file ${file} does not exist; create it (see README, Configuration) or pass --config with the right path`
        : `cannot read config file ${file} (${code}); check its permissions`,
    )
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new ConfigError(
      `config file ${file} is not valid JSON (${(error as Error).message}); fix its syntax`,
    )
  }
  return parseConfig(json, file)
}
