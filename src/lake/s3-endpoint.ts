import { hasUrlCredentials } from '../url-credentials.js'
import { LakeLocationInvalidError } from './errors.js'

/**
 * The endpoint of an S3-compatible store (`AWS_ENDPOINT_URL_S3`, else `AWS_ENDPOINT_URL`), or
 * undefined for AWS S3. One holding a user name or password is refused, never printed: S3
 * credentials come from the SDK's own variables, profiles and roles.
 */
export function s3Endpoint(env: NodeJS.ProcessEnv): string | undefined {
  const name = env.AWS_ENDPOINT_URL_S3 ? 'AWS_ENDPOINT_URL_S3' : 'AWS_ENDPOINT_URL'
  const endpoint = env[name] || undefined
  if (endpoint && hasUrlCredentials(endpoint)) {
    throw new LakeLocationInvalidError(
      `${name} has a user name or password in it; remove them and give S3 credentials as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE)`,
    )
  }
  return endpoint
}
