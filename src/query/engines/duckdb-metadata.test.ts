import { describe, expect, it } from 'vitest'
import { escapeEngine } from '../../../test/support/escape-lake.js'

const lake = escapeEngine()

describe('catalog metadata on the local engine', () => {
  it('runs SHOW and DESCRIBE as statements, streamed like any result', async () => {
    expect((await lake.engine.run('SHOW TABLES')).rows).toEqual([{ tab_name: 'tracks' }])
    expect((await lake.engine.run('show columns in tunelake.tracks;')).rows).toEqual([
      { field: 'track_id' },
      { field: 'snapshot_date' },
    ])
    const rows = []
    for await (const row of await lake.engine.stream('DESCRIBE tracks')) rows.push(row)
    expect(rows[0]).toEqual({ col_name: 'track_id', data_type: 'string', comment: '' })
  })

  it('queries information_schema like any table: joins, filters, aggregates, every qualified name', async () => {
    const perTable = await lake.engine.run(
      `SELECT t.table_name, count(*) AS columns
       FROM awsdatacatalog.information_schema.tables t
       JOIN information_schema.columns c ON c.table_schema = t.table_schema AND c.table_name = t.table_name
       WHERE t.table_schema = 'tunelake'
       GROUP BY t.table_name`,
    )
    expect(perTable.rows).toEqual([{ table_name: 'tracks', columns: 2 }])
    expect(perTable.columns).toEqual([
      { name: 'table_name', type: 'varchar' },
      { name: 'columns', type: 'bigint' },
    ])
    const named = await lake.engine.run(
      `WITH cols AS (SELECT column_name FROM "information_schema"."columns" WHERE table_name = 'tracks') SELECT * FROM cols, tracks`,
    )
    expect(named.rows).toHaveLength(2)
  })
})
