export const REDACTED = '[REDACTED]'

/** Environment variables whose values are secrets, by name. */
const SECRET_NAME = /SECRET|TOKEN|PASSWORD|PASSWD|PASSPHRASE|PRIVATE_KEY|CREDENTIAL|API_KEY|ACCESS_KEY/i
/** Shorter values are not scrubbed: they would mangle ordinary words and numbers. */
const MIN_SECRET_LENGTH = 6

/**
 * Structured paths the logger blanks out whatever their value (pino `redact` syntax; `*` is
 * one level). The value-level scrub below catches what these miss, at any depth.
 */
export const REDACT_PATHS: readonly string[] = [
  'authorization',
  'Authorization',
  'headers.authorization',
  'headers.Authorization',
  '*.authorization',
  '*.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'client_secret',
  'clientSecret',
  '*.client_secret',
  '*.clientSecret',
  'access_token',
  'refresh_token',
  '*.access_token',
  '*.refresh_token',
  'password',
  '*.password',
]

/**
 * The secret values of an environment: every variable named like a secret (SPOTIFY_CLIENT_SECRET,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, ...), and the Basic credentials built from the Spotify
 * client id and secret.
 */
export function secretsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const secrets: string[] = []
  for (const [name, value] of Object.entries(env)) {
    if (value && SECRET_NAME.test(name)) secrets.push(value)
  }
  const id = env.SPOTIFY_CLIENT_ID
  const secret = env.SPOTIFY_CLIENT_SECRET
  if (id && secret) secrets.push(Buffer.from(`${id}:${secret}`).toString('base64'))
  return secrets
}

const PATTERNS: readonly [RegExp, string][] = [
  // HTTP credentials wherever they appear: headers, curl lines, error texts.
  [/\b(Bearer|Basic)(\s+)[A-Za-z0-9._~+/=-]{4,}/gi, `$1$2${REDACTED}`],
  // A JSON member whose name says it holds a secret, at any depth (also inside escaped JSON).
  [
    /(\\?"[A-Za-z_]*(?:authorization|token|secret|password)\\?"\s*:\s*\\?")((?:[^"\\]|\\[^"])*)(\\?")/gi,
    `$1${REDACTED}$3`,
  ],
  // Form bodies and query strings.
  [/\b(access_token|refresh_token|client_secret|password)=([^&\s"']+)/gi, `$1=${REDACTED}`],
]

/**
 * A function that removes secrets from a text: the given values (as written and JSON-escaped)
 * and anything that looks like credentials (`Bearer ...`, `"access_token": "..."`, `client_secret=`).
 *
 * @example
 * const scrub = secretScrubber(['hunter22'])
 * scrub('login with hunter22') // 'login with [REDACTED]'
 */
export function secretScrubber(secrets: readonly string[]): (text: string) => string {
  const forms = new Set<string>()
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue
    forms.add(secret)
    forms.add(JSON.stringify(secret).slice(1, -1))
  }
  const values =
    forms.size === 0
      ? undefined
      : new RegExp(
          [...forms]
            .sort((a, b) => b.length - a.length)
            .map(escapeRegExp)
            .join('|'),
          'g',
        )
  return (text) => {
    let out = values ? text.replace(values, REDACTED) : text
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement)
    return out
  }
}

let lastScrubber: { key: string; scrub: (text: string) => string } | undefined

/**
 * A text without the environment's secrets or anything shaped like credentials: the redaction the
 * logger applies to its lines, applied where errors leave the process otherwise (the CLI's error
 * line and `TUNELAKE_DEBUG` stack, run records, the dashboard's list of runs).
 *
 * @example
 * redactSecrets('Spotify said: bad request Authorization: Basic dGw6c2VjcmV0') // '... Basic [REDACTED]'
 */
export function redactSecrets(text: string, env: NodeJS.ProcessEnv = process.env): string {
  const secrets = secretsFromEnv(env)
  const key = secrets.join('\0')
  if (lastScrubber?.key !== key) lastScrubber = { key, scrub: secretScrubber(secrets) }
  return lastScrubber.scrub(text)
}

/** A copy of a JSON-like value with every string in it passed through `redactSecrets`. */
export function redactStrings<T>(value: T, env: NodeJS.ProcessEnv = process.env): T {
  if (typeof value === 'string') return redactSecrets(value, env) as T
  if (Array.isArray(value)) return value.map((v) => redactStrings(v, env)) as T
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactStrings(v, env)])) as T
  }
  return value
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
