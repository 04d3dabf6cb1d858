import { existsSync } from 'node:fs'
import path from 'node:path'
import { type Duration, RemovalPolicy } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs'
import * as logs from 'aws-cdk-lib/aws-logs'
import { Construct } from 'constructs'
import {
  DUCKDB_PACKAGES,
  ESM_REQUIRE_BANNER,
  HANDLER_BUNDLES,
  HANDLER_TARGET,
  type HandlerName,
} from '../src/aws/bundle-settings.js'

/** The repository root: the CDK CLI and the tests run from it (where cdk.json and package-lock.json are). */
export const REPO_ROOT = process.cwd()

export interface HandlerFunctionProps {
  readonly handler: HandlerName
  readonly description: string
  readonly architecture: lambda.Architecture
  readonly memorySize: number
  readonly timeout: Duration
  readonly environment: Record<string, string>
  readonly logRetentionDays: number
}

/**
 * One tunelake handler as a Lambda function: bundled by esbuild with the settings in
 * src/aws/bundle-settings.ts, its own log group with a retention, and its own role that can
 * write only to that log group (no managed policy); callers add the statements it needs.
 */
export class HandlerFunction extends Construct {
  readonly fn: nodejs.NodejsFunction
  readonly role: iam.Role
  readonly logGroup: logs.LogGroup

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id)
    const bundle = HANDLER_BUNDLES[props.handler]
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `tunelake ${props.handler} function`,
    })
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`${this.logGroup.logGroupArn}`],
      }),
    )
    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      entry: path.join(REPO_ROOT, bundle.entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: props.architecture,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      environment: props.environment,
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: HANDLER_TARGET,
        minify: true,
        sourceMap: false,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        bundleAwsSDK: true,
        externalModules: [...bundle.external],
        ...(bundle.external.length > 0 ? { commandHooks: copyModules(bundle.external) } : {}),
      },
    })
  }
}

/**
 * Native modules go next to the bundle as installed here (the lock file's exact versions), not
 * through `bundling.nodeModules`, which runs `npm install` during synth and needs the network.
 */
function copyModules(modules: readonly string[]): nodejs.ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) =>
      modules.map((name) => {
        const source = path.join(inputDir, 'node_modules', name)
        const target = path.join(outputDir, 'node_modules', name)
        return `test -d "${source}" && mkdir -p "${path.dirname(target)}" && cp -R "${source}" "${target}"`
      }),
  }
}

/** Fails synth early, with what to do, when the DuckDB binding for the function's architecture is not installed. */
export function assertDuckDbBindingInstalled(): void {
  const binding = DUCKDB_PACKAGES.find((name) => name.includes('node-bindings-linux'))!
  if (!existsSync(path.join(REPO_ROOT, 'node_modules', binding, 'duckdb.node'))) {
    throw new Error(
      `the transform function needs ${binding} in node_modules (it runs on Linux x86_64); install it with: npm install --no-save --os=linux --cpu=x64 ${binding}@1.5.5-r.5`,
    )
  }
}
