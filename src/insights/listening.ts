/**
 * Insights named `listening_*` read the listening tables (plays, saved_tracks, user_top) and take
 * no playlist: the dashboard's Listening view draws them, the Charts view the others.
 */
export function isListeningInsight(name: string): boolean {
  return name.startsWith('listening_')
}
