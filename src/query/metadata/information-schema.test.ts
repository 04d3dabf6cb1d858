import { describe, expect, it } from 'vitest'
import type { GlueTableInput } from '../../catalog/glue-shapes.js'
import { glueToTrino } from '../dialect/types/parse-type.js'
import { typeName } from '../dialect/types/trino-type.js'
import { informationSchemaRows } from './information-schema.js'

describe('Glue types as Athena SQL names them', () => {
  it.each([
    ['string', 'varchar'],
    ['int', 'integer'],
    ['bigint', 'bigint'],
    ['float', 'real'],
    ['double', 'double'],
    ['boolean', 'boolean'],
    ['date', 'date'],
    ['timestamp', 'timestamp(3)'],
    ['binary', 'varbinary'],
    ['decimal(10, 2)', 'decimal(10,2)'],
    ['decimal', 'decimal(10,0)'],
    ['varchar(20)', 'varchar(20)'],
    ['array<string>', 'array(varchar)'],
    ['map<string,int>', 'map(varchar, integer)'],
    [
      'struct<name:string,tags:array<string>,counts:map<string,bigint>>',
      'row(name varchar, tags array(varchar), counts map(varchar, bigint))',
    ],
  ])('%s is %s', (glue, trino) => {
    expect(typeName(glueToTrino(glue))).toBe(trino)
  })
})

describe('information_schema rows', () => {
  const table = {
    Name: 'artists',
    PartitionKeys: [{ Name: 'snapshot_date', Type: 'string' }],
    StorageDescriptor: {
      Columns: [
        { Name: 'artist_id', Type: 'string', Comment: 'the Spotify id' },
        { Name: 'genres', Type: 'array<string>' },
      ],
    },
  } as unknown as GlueTableInput

  const rows = informationSchemaRows('tunelake', [table])

  it('list the catalog, its two schemas, and every table of both, as Trino lists them', () => {
    expect(rows.schemata).toEqual([
      ['awsdatacatalog', 'information_schema'],
      ['awsdatacatalog', 'tunelake'],
    ])
    expect(rows.tables).toContainEqual(['awsdatacatalog', 'tunelake', 'artists', 'BASE TABLE'])
    expect(rows.tables?.filter((r) => r[1] === 'information_schema').map((r) => r[2])).toEqual([
      'columns',
      'tables',
      'views',
      'schemata',
      'table_privileges',
      'roles',
      'applicable_roles',
      'enabled_roles',
    ])
    expect(rows.views).toEqual([])
  })

  it('give each column its position, Athena type, comment, and partition keys last marked as such', () => {
    expect(rows.columns?.filter((r) => r[2] === 'artists')).toEqual([
      [
        'awsdatacatalog',
        'tunelake',
        'artists',
        'artist_id',
        1,
        null,
        'YES',
        'varchar',
        'the Spotify id',
        null,
      ],
      ['awsdatacatalog', 'tunelake', 'artists', 'genres', 2, null, 'YES', 'array(varchar)', null, null],
      [
        'awsdatacatalog',
        'tunelake',
        'artists',
        'snapshot_date',
        3,
        null,
        'YES',
        'varchar',
        null,
        'partition key',
      ],
    ])
  })
})
