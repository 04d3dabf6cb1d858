import { LakeKeyInvalidError } from './errors.js'

/**
 * Checks that a key names an object inside the lake: a relative `/`-separated path with no empty,
 * `.` or `..` segment, no backslash and no NUL. Every store applies the same rule, so a key that
 * works on the filesystem works on S3 and the other way round.
 */
export function checkLakeKey(key: string): string {
  if (key === '' || key.startsWith('/') || key.includes('\\') || key.includes('\0')) {
    throw new LakeKeyInvalidError(`invalid lake key "${key}": keys are relative paths inside the lake`)
  }
  if (key.split('/').some((part) => part === '..' || part === '.' || part === '')) {
    throw new LakeKeyInvalidError(`invalid lake key "${key}": it would leave the lake folder`)
  }
  return key
}

/** True when `key` passes `checkLakeKey`. */
export function isLakeKey(key: string): boolean {
  try {
    checkLakeKey(key)
    return true
  } catch {
    return false
  }
}
