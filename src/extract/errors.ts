import { TunelakeError } from '../errors.js'

/** A source that cannot be extracted as configured (unknown or unreadable playlist, missing authorisation). */
export class ExtractSourceError extends TunelakeError {
  readonly kind = 'terminal'
}

/** The incremental state or checkpoint in the lake is unreadable. */
export class ExtractStateError extends TunelakeError {
  readonly kind = 'terminal'
}

/** A resumed run would ask for something else than the run it resumes (the lake changed under it). */
export class ExtractResumeError extends TunelakeError {
  readonly kind = 'terminal'
}
