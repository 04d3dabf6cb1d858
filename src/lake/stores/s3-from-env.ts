import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { s3Endpoint } from '../s3-endpoint.js'
import { S3ObjectStore } from './s3.js'

/**
 * The S3 store for `s3://bucket/prefix`, with the client configured from the SDK's standard
 * sources (environment, profiles, instance roles). With an endpoint override
 * (`AWS_ENDPOINT_URL_S3` or `AWS_ENDPOINT_URL`, for S3-compatible stores) it uses path-style
 * addressing, checksums only where the protocol requires them, and `us-east-1` when no region is
 * set; each of those can still be set through the SDK's own variables.
 */
export function openS3Store(
  location: { bucket: string; prefix: string },
  env: NodeJS.ProcessEnv = process.env,
): S3ObjectStore {
  // The SDK warns once per process that its 2027 releases need Node 22; keep CLI output clean.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const client = new S3Client(s3ClientConfig(env))
  return new S3ObjectStore({
    client,
    bucket: location.bucket,
    prefix: location.prefix,
    upload: async (params) => {
      const out = await new Upload({ client, params, partSize: 8 * 1024 * 1024, queueSize: 4 }).done()
      return out.ETag ?? ''
    },
  })
}

export function s3ClientConfig(env: NodeJS.ProcessEnv): S3ClientConfig {
  const endpoint = s3Endpoint(env)
  const config: S3ClientConfig = {}
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? (endpoint ? 'us-east-1' : undefined)
  if (region) config.region = region
  // The SDK's default chain reads these from process.env too; reading them from `env` lets a
  // caller pass another environment. Without them the chain goes on to profiles and roles.
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    config.credentials = {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    }
  }
  if (endpoint) {
    config.endpoint = endpoint
    config.forcePathStyle = true
    if (!env.AWS_REQUEST_CHECKSUM_CALCULATION) config.requestChecksumCalculation = 'WHEN_REQUIRED'
    if (!env.AWS_RESPONSE_CHECKSUM_VALIDATION) config.responseChecksumValidation = 'WHEN_REQUIRED'
  }
  return config
}
