import { GlueClient } from '@aws-sdk/client-glue'
import { GlueCatalog } from './glue.js'

/** The Glue catalog with the client configured from the AWS SDK's usual sources (env, profiles, roles). */
export function openGlueCatalog(): GlueCatalog {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  return new GlueCatalog(new GlueClient({}))
}
