import { S3Client } from '@aws-sdk/client-s3'
import { s3ClientConfig } from '../../lake/stores/s3-from-env.js'
import { S3LeaseStorage } from './s3.js'

/**
 * The lease storage of an S3 lake, its client configured as the lake's store is (`openS3Store`):
 * the same endpoint, region and credentials from the environment.
 */
export function s3LeaseStorageFromEnv(
  location: { bucket: string; prefix: string },
  lake: string,
  env: NodeJS.ProcessEnv = process.env,
): S3LeaseStorage {
  // As openS3Store does: the SDK's once-per-process Node 22 notice would clutter CLI output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  return new S3LeaseStorage({ client: new S3Client(s3ClientConfig(env)), ...location, lake })
}
