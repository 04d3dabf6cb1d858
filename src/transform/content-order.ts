import type { EnvelopeContent } from './envelope-content.js'
import { compareText } from './select-runs.js'

/** A total order on contents that does not depend on the order they were given in. */
export function compareContents(a: EnvelopeContent, b: EnvelopeContent): number {
  return (
    compareText(a.source, b.source) ||
    compareText(a.source_id, b.source_id) ||
    compareText(a.run_id, b.run_id) ||
    a.page - b.page ||
    compareText(a.extracted_at, b.extracted_at)
  )
}
