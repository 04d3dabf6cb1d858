import { App, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import { readStackSettings } from './stack-settings.js'
import { TunelakeStack } from './tunelake-stack.js'

/** The CDK app: `npm run synth` / `npm run deploy` (cdk.json runs it through infra/cdk-app.mjs). */
const app = new App()
const settings = readStackSettings((key) => app.node.tryGetContext(key))
new TunelakeStack(app, 'Tunelake', {
  settings,
  description: 'tunelake: Spotify music-data lakehouse pipeline (extract, transform, Glue, Athena)',
})
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }))
app.synth()
