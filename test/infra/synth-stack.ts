import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { App, Validations } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import { AwsSolutionsChecks } from 'cdk-nag'
import { readStackSettings } from '../../infra/stack-settings.js'
import { TunelakeStack } from '../../infra/tunelake-stack.js'

/**
 * Apps in tests skip CDK's built-in CloudFormation validation: its first run costs 10-30 s of
 * set-up per test file, and it only ever warns (`npm run synth` keeps it, and it finds nothing
 * in this stack). cdk-nag, which fails synth, stays on where a test registers it.
 */
export const TEST_APP = { builtinCloudFormationValidation: false } as const

export interface NagViolation {
  rule: string
  paths: string[]
}

/**
 * The stack as `npm run synth` builds it, with bundling skipped (fast, no esbuild) and cdk-nag's
 * AwsSolutions pack registered the way infra/app.ts registers it; `context` overrides settings.
 * `violations` are the unacknowledged findings (synth throws when there are any; they are caught
 * here so a test can name them).
 */
export function synthStack(context: Record<string, unknown> = {}) {
  const app = new App({ ...TEST_APP, context: { 'aws:cdk:bundling-stacks': [], ...context } })
  const settings = readStackSettings((key) => app.node.tryGetContext(key))
  const stack = new TunelakeStack(app, 'Tunelake', { settings })
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
  let failure: string | undefined
  try {
    app.synth()
  } catch (error) {
    failure = (error as Error).message
  }
  const template = Template.fromJSON(
    JSON.parse(readFileSync(path.join(app.outdir, stack.templateFile), 'utf8')) as Record<string, unknown>,
  )
  return { app, stack, template, settings, violations: readViolations(app.outdir), failure }
}

function readViolations(outdir: string): NagViolation[] {
  const file = readdirSync(outdir).find((name) => name.endsWith('validation-report.json'))
  if (!file) return []
  const report = JSON.parse(readFileSync(path.join(outdir, file), 'utf8')) as {
    pluginReports?: {
      violations?: {
        ruleName: string
        violatingResources?: { resourceLogicalId?: string; locations?: string[] }[]
        violatingConstructs?: { constructPath?: string }[]
      }[]
    }[]
  }
  return (report.pluginReports ?? []).flatMap((plugin) =>
    (plugin.violations ?? []).map((violation) => ({
      rule: violation.ruleName,
      paths: (violation.violatingConstructs ?? []).map((c) => c.constructPath ?? '?'),
    })),
  )
}
