import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { TunelakeError } from '../errors.js'
import { DEFAULT_DAILY_REQUEST_BUDGET } from '../extract/request-budget.js'
import { LISTENBRAINZ_URL, MUSICBRAINZ_URL } from '../open-music/service-urls.js'
import { isContact } from '../open-music/user-agent.js'
import { DEFAULT_CRON, scheduleProblem } from '../pipeline/schedule.js'
import { parseArtistRef, parsePlaylistRef } from '../spotify/spotify-ids.js'
import { hasUrlCredentials } from '../url-credentials.js'

export class ConfigError extends TunelakeError {
  readonly kind = 'bad-input'
}

/** An id, `spotify:<kind>:` URI or open.spotify.com URL, read as the bare id. */
function spotifyRef(parse: (ref: string) => string | undefined, kind: 'playlist' | 'artist') {
  return z.string().transform((ref, ctx) => {
    const id = parse(ref)
    if (!id) {
      const article = kind === 'artist' ? 'an' : 'a'
      ctx.addIssue({
        code: 'custom',
        message: `"${ref}" is not ${article} ${kind} id (22 letters and digits), spotify:${kind}: URI or open.spotify.com URL`,
      })
      return z.NEVER
    }
    return id
  })
}

/** The config's `schedule`: `{"cron": "0 6 * * *", "timezone": "Europe/Berlin"}` (zone default: the machine's). */
const scheduleConfigSchema = z
  .strictObject({
    cron: z.string().trim().min(1).default(DEFAULT_CRON),
    timezone: z.string().min(1).optional(),
  })
  .superRefine((schedule, ctx) => {
    const problem = scheduleProblem(schedule)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

const playlistSource = z.object({
  type: z.literal('playlist'),
  id: spotifyRef(parsePlaylistRef, 'playlist'),
})

const artistCatalogSource = z.strictObject({
  type: z.literal('artist_catalog'),
  id: spotifyRef(parseArtistRef, 'artist'),
  include_groups: z
    .string()
    .regex(
      /^(album|single|appears_on|compilation)(,(album|single|appears_on|compilation))*$/,
      'must be a comma list of album, single, appears_on, compilation',
    )
    .default('album,single'),
})

/** Sources beyond single playlists (issue 3): the user's data, an artist's catalog, a search. */
const moreSources = [
  z.strictObject({ type: z.literal('my_playlists') }),
  z.strictObject({ type: z.literal('saved_tracks') }),
  z.strictObject({ type: z.literal('recently_played') }),
  z.strictObject({
    type: z.literal('top'),
    of: z.enum(['artists', 'tracks']),
    time_range: z.enum(['short_term', 'medium_term', 'long_term']).default('medium_term'),
  }),
  artistCatalogSource,
  z.strictObject({
    type: z.literal('search'),
    query: z.string().trim().min(1, 'must not be empty'),
    search_type: z.enum(['track', 'artist', 'album', 'playlist']).default('track'),
    max_results: z.number().int().min(1).max(1000).default(50),
  }),
] as const

/** How tunelake talks to Spotify (all optional). */
const spotifySettings = z.strictObject({
  /** Days an artist or album fetched stays fresh in the lake's cache (0: fetch every run). */
  cache_days: z.number().int().min(0).max(365).default(7),
  /** Client-side limit on requests per rolling 30 s (Spotify does not publish its own). */
  requests_per_30s: z.number().int().min(1).max(10_000).default(150),
  /** Longest Retry-After to wait; beyond it the run stops with a checkpoint. */
  max_retry_after_seconds: z.number().int().min(0).max(86_400).default(60),
  /**
   * Requests a UTC day (all runs together) up to which the back-fill of imported tracks may go,
   * after the configured sources; below the ~1,100 a day after which development-mode apps saw
   * QUOTA_EXCEEDED. 0 turns the back-fill off.
   */
  daily_request_budget: z.number().int().min(0).max(1_000_000).default(DEFAULT_DAILY_REQUEST_BUDGET),
})

/** An http(s) root URL without a user name or password (those would show wherever it is printed). */
const serviceUrl = z
  .string()
  .regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL')
  .refine((url) => !hasUrlCredentials(url), 'must not carry a user name or password')

/** The enrichment from MusicBrainz and ListenBrainz (src/enrich/); the ListenBrainz token comes from LISTENBRAINZ_TOKEN. */
const enrichSettings = z
  .strictObject({
    /** On or off for `run`, the daemon and the AWS home; default: on in development mode (Spotify gives no genres or popularity). */
    enabled: z.boolean().optional(),
    musicbrainz_url: serviceUrl.default(MUSICBRAINZ_URL),
    listenbrainz_url: serviceUrl.default(LISTENBRAINZ_URL),
    /** Who to reach about the requests, as the User-Agent says: an e-mail address or an http(s) URL. */
    contact: z
      .string()
      .refine(isContact, 'must be an e-mail address or an http(s) URL, e.g. "me@example.com"')
      .optional(),
  })
  .superRefine((enrich, ctx) => {
    if (enrich.enabled === true && !enrich.contact) {
      ctx.addIssue({
        code: 'custom',
        path: ['contact'],
        message:
          'is needed to enrich: MusicBrainz and ListenBrainz want an e-mail address or a URL to reach you by, e.g. "me@example.com"',
      })
    }
  })

/** The Athena side of `engine: "athena"`: the workgroup runs the SQL over the Glue database `database`. */
const athenaSettings = z.strictObject({
  workgroup: z.string().regex(/^[a-zA-Z0-9._-]{1,128}$/, 'must be an Athena workgroup name'),
  /** AWS region (default: the AWS SDK's, e.g. AWS_REGION). */
  region: z.string().min(1).optional(),
  /** Where Athena writes results, when the workgroup does not enforce its own. */
  output_location: z
    .string()
    .regex(/^s3:\/\/[^/]+/, 'must be an s3:// URI')
    .optional(),
  /** The data catalog (default AwsDataCatalog). */
  catalog: z.string().min(1).default('AwsDataCatalog'),
})

/** What a query may use locally and what a result may weigh, in MB (README, SQL: limits); flags override them. */
const queryLimitsSettings = z.strictObject({
  memory_mb: z.number().int().min(64).max(1_048_576).optional(),
  /** 0: never spill to disk. */
  temp_mb: z.number().int().min(0).max(10_485_760).optional(),
  /** At most 256, so that a result's JSON always fits in one string. */
  result_mb: z.number().int().min(1).max(256).optional(),
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
  /** Where `tunelake query` and `tunelake insights` run SQL: DuckDB over the lake (default), or Athena. */
  engine: z.enum(['duckdb', 'athena']).optional(),
  /** Athena settings, needed when `engine` is `athena`. */
  athena: athenaSettings.optional(),
  /** Limits of `query`, `insights` and `serve`: local memory and temp space, result size. */
  query_limits: queryLimitsSettings.optional(),
  sources: z
    .array(z.discriminatedUnion('type', [playlistSource, ...moreSources]))
    .min(1, 'list at least one source'),
  spotify: spotifySettings.default({
    cache_days: 7,
    requests_per_30s: 150,
    max_retry_after_seconds: 60,
    daily_request_budget: DEFAULT_DAILY_REQUEST_BUDGET,
  }),
  enrich: enrichSettings.default({ musicbrainz_url: MUSICBRAINZ_URL, listenbrainz_url: LISTENBRAINZ_URL }),
  /** `tunelake daemon`: when the full run fires; default 06:00 daily in the machine's time zone. */
  schedule: scheduleConfigSchema.default({ cron: DEFAULT_CRON }),
  /** `tunelake daemon`: seconds between reconcile sweeps of raw objects the ledger lacks. */
  reconcile_interval_seconds: z.number().int().min(1).max(86_400).default(300),
  /** Log level of the daemon (`TUNELAKE_LOG_LEVEL` overrides it). */
  log_level: z.enum(['debug', 'info', 'warn', 'error']).optional(),
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
