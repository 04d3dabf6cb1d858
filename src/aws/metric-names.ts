/**
 * The CloudWatch metrics the handlers publish (as Embedded Metric Format log lines) and the
 * stack's alarms watch: one list, so the two cannot drift apart. The namespace is per stack.
 */
export const METRICS = {
  /** 1 for every extraction that landed its sources (outcome succeeded or partial). */
  runSucceeded: 'RunSucceeded',
  runFailed: 'RunFailed',
  rawObjects: 'RawObjects',
  spotifyRequests: 'SpotifyRequests',
  spotifyRetries: 'SpotifyRetries',
  sourcesFailed: 'SourcesFailed',
  extractSeconds: 'ExtractSeconds',
  datesTransformed: 'DatesTransformed',
  objectsTransformed: 'ObjectsTransformed',
  objectsQuarantined: 'ObjectsQuarantined',
  rowsWritten: 'RowsWritten',
  duplicateEvents: 'DuplicateEvents',
  batchItemFailures: 'BatchItemFailures',
  transformSeconds: 'TransformSeconds',
} as const

/** Hours without a successful run before the alarm fires (a daily schedule plus two hours of slack). */
export const NO_SUCCESS_ALARM_HOURS = 26
