import { GlueClient } from '@aws-sdk/client-glue'
import { catalogContract } from '../../../test/contracts/catalog-contract.js'
import { GlueFake } from '../../../test/support/glue-fake.js'
import { GlueCatalog } from './glue.js'

function glueOn(fake: GlueFake): GlueCatalog {
  const client = new GlueClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'k', secretAccessKey: 's' },
  })
  fake.install(client)
  return new GlueCatalog(client, { sleep: async () => {} })
}

catalogContract(
  'Glue (stateful fake of the Glue API)',
  async () => {
    const fake = new GlueFake()
    return {
      catalog: glueOn(fake),
      location: (key) => `s3://tunelake-lake/prod/${key}`,
      reopen: () => glueOn(fake),
    }
  },
  {
    unsupported: [
      {
        case: 'keeps the schema history it was given',
        reason: 'Glue keeps the table versions itself (GetTableVersions); the adapter stores no history',
        fails: /expected \[\] to deeply equal/,
      },
    ],
  },
)
