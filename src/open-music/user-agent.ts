/** tunelake's version, as the User-Agent names it (kept equal to package.json's by a test). */
export const TUNELAKE_VERSION = '0.1.0'

/**
 * The User-Agent both services ask every client to send (NOTES.md 1.7): application, version
 * and a way to reach whoever runs it.
 *
 * @example
 * userAgent('me@example.com') // 'tunelake/0.1.0 ( me@example.com )'
 */
export function userAgent(contact: string): string {
  return `tunelake/${TUNELAKE_VERSION} ( ${contact} )`
}

/** True for an e-mail address or an http(s) URL: what MusicBrainz accepts as a contact. */
export function isContact(text: string): boolean {
  return /^[^\s@()]+@[^\s@()]+\.[^\s@()]+$/.test(text) || /^https?:\/\/[^\s()]+$/.test(text)
}
