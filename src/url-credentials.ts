/**
 * True when a URL carries a user name or password (`http://user:pass@host/...`). tunelake takes
 * credentials only from the variables meant for them: one inside a URL would show wherever the
 * URL is printed (messages, logs, run records), so such a URL is refused without repeating it.
 *
 * @example
 * hasUrlCredentials('http://me:hunter2@127.0.0.1:9000') // true
 * hasUrlCredentials('https://api.spotify.com/v1')       // false
 */
export function hasUrlCredentials(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(url.trim())
}
