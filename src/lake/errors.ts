import { TunelakeError } from '../errors.js'

export class LakeError extends TunelakeError {
  readonly retryable: boolean = false
}

export class LakeKeyInvalidError extends LakeError {}

export class LakeObjectNotFoundError extends LakeError {}

export class LakeNotWritableError extends LakeError {}
