import { parseConfig, type TunelakeConfig } from '../config/config.js'
import { AwsSetupError } from './errors.js'
import { ENV, requireEnv } from './lambda-env.js'

/** The pipeline config the stack put in the environment, checked like a config file. */
export function configFromEnv(env: NodeJS.ProcessEnv): TunelakeConfig {
  let json: unknown
  try {
    json = JSON.parse(requireEnv(env, ENV.config))
  } catch (error) {
    if (error instanceof AwsSetupError) throw error
    throw new AwsSetupError(
      `${ENV.config} is not JSON; the stack writes it from the pipeline config: redeploy`,
    )
  }
  return parseConfig(json, ENV.config)
}
