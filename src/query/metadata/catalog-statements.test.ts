import { describe, expect, it } from 'vitest'
import {
  type GlueColumn,
  type GlueTableInput,
  JSON_SERDE,
  OPEN_CSV_SERDE,
  PARQUET_FORMAT,
} from '../../catalog/glue-shapes.js'
import { QueryRefusedError, QuerySqlError } from '../errors.js'
import { type CatalogView, catalogStatement } from './catalog-statements.js'

function table(name: string, columns: GlueColumn[], keys: GlueColumn[], serde: string): GlueTableInput {
  return {
    Name: name,
    Owner: 'owner',
    Retention: 0,
    TableType: 'EXTERNAL_TABLE',
    PartitionKeys: keys,
    Parameters: {},
    StorageDescriptor: {
      Columns: columns,
      Location: `s3://lake/transformed/${name}/`,
      InputFormat: PARQUET_FORMAT.InputFormat,
      OutputFormat: PARQUET_FORMAT.OutputFormat,
      Compressed: false,
      NumberOfBuckets: -1,
      SerdeInfo: { SerializationLibrary: serde, Parameters: {} },
      BucketColumns: [],
      SortColumns: [],
      Parameters: {},
      StoredAsSubDirectories: false,
    },
  }
}

const DATE_KEY = [{ Name: 'snapshot_date', Type: 'string' }]
const PARQUET = PARQUET_FORMAT.SerdeInfo.SerializationLibrary
const VIEW: CatalogView = {
  database: 'tunelake',
  tables: [
    table(
      'tracks',
      [
        { Name: 'track_id', Type: 'string' },
        { Name: 'popularity', Type: 'int' },
      ],
      DATE_KEY,
      PARQUET,
    ),
    table(
      'artists',
      [
        { Name: 'artist_id', Type: 'string' },
        { Name: 'genres', Type: 'array<string>' },
      ],
      DATE_KEY,
      PARQUET,
    ),
    table('playlists', [{ Name: 'playlist_id', Type: 'string' }], DATE_KEY, PARQUET),
    table('uploads', [{ Name: 'col0', Type: 'bigint' }], [], OPEN_CSV_SERDE),
    table('events', [{ Name: 'payload', Type: 'struct<kind:string>' }], [], JSON_SERDE),
  ],
}

const run = (sql: string) => catalogStatement(sql, VIEW)
const cells = (sql: string) => run(sql)?.rows.map((row) => Object.values(row))

describe("Athena's SHOW and DESCRIBE, answered from the catalog", () => {
  it('leaves every other statement to the engine', () => {
    expect(run('SELECT 1')).toBeUndefined()
    expect(run('WITH x AS (SELECT 1) SELECT * FROM x')).toBeUndefined()
  })

  it("SHOW TABLES lists the database's tables in order, in Hive's tab_name column of strings", () => {
    const answer = run('SHOW TABLES')
    expect(answer?.columns).toEqual([{ name: 'tab_name', type: 'string' }])
    expect(cells('show tables in tunelake;')).toEqual([
      ['artists'],
      ['events'],
      ['playlists'],
      ['tracks'],
      ['uploads'],
    ])
    expect(cells('SHOW TABLES FROM `tunelake`')).toEqual(cells('SHOW TABLES'))
  })

  it("SHOW TABLES filters by Hive's patterns: * or .* for any characters, | between choices, the whole name, any case", () => {
    expect(cells("SHOW TABLES 'p*'")).toEqual([['playlists']])
    expect(cells("SHOW TABLES IN tunelake '*S'")).toEqual([
      ['artists'],
      ['events'],
      ['playlists'],
      ['tracks'],
      ['uploads'],
    ])
    expect(cells("SHOW TABLES '.*lists'")).toEqual([['playlists']])
    expect(cells("SHOW TABLES 'tracks|uploads'")).toEqual([['tracks'], ['uploads']])
    expect(cells("SHOW TABLES 'track'")).toEqual([])
    expect(cells("SHOW TABLES 'track.'")).toEqual([['tracks']])
  })

  it('matches patterns without regular expressions, so no pattern can stall the engine', () => {
    // As a regular expression this backtracks for longer than the test may run.
    expect(cells(`SHOW TABLES '${'.*'.repeat(40)}x'`)).toEqual([])
    expect(() => run("SHOW TABLES '(a+)+b'")).toThrow(
      /the pattern '\(a\+\)\+b' uses regular expression syntax the local engine does not reproduce/,
    )
  })

  it("SHOW SCHEMAS and SHOW DATABASES list the engine's database in database_name", () => {
    expect(run('SHOW SCHEMAS')?.columns).toEqual([{ name: 'database_name', type: 'string' }])
    expect(cells('SHOW DATABASES')).toEqual([['tunelake']])
    expect(cells("SHOW DATABASES LIKE '.*lake'")).toEqual([['tunelake']])
    expect(cells("SHOW SCHEMAS LIKE 'other*'")).toEqual([])
  })

  it('SHOW COLUMNS lists the column names in field, partition keys last, in every documented spelling', () => {
    const expected = [['track_id'], ['popularity'], ['snapshot_date']]
    for (const sql of [
      'SHOW COLUMNS FROM tracks',
      'SHOW COLUMNS IN tracks',
      'SHOW COLUMNS FROM tunelake.tracks',
      'SHOW COLUMNS IN `tunelake`.`tracks`',
      'SHOW COLUMNS FROM TRACKS FROM tunelake',
      'SHOW COLUMNS IN tracks IN tunelake',
    ]) {
      expect(run(sql)?.columns, sql).toEqual([{ name: 'field', type: 'string' }])
      expect(cells(sql), sql).toEqual(expected)
    }
  })

  it("DESCRIBE shows Hive's layout: columns with their catalog types, then the partition section", () => {
    const answer = run('DESCRIBE artists')
    expect(answer?.columns.map((c) => c.name)).toEqual(['col_name', 'data_type', 'comment'])
    expect(cells('DESC tunelake.artists')).toEqual([
      ['artist_id', 'string', ''],
      ['genres', 'array<string>', ''],
      ['snapshot_date', 'string', ''],
      ['', '', ''],
      ['# Partition Information', '', ''],
      ['# col_name', 'data_type', 'comment'],
      ['', '', ''],
      ['snapshot_date', 'string', ''],
    ])
  })

  it('DESCRIBE of a table without partitions lists its columns only, "from deserializer" where the SerDe gives them', () => {
    expect(cells('DESCRIBE uploads')).toEqual([['col0', 'bigint', 'from deserializer']])
    expect(cells('DESCRIBE events')).toEqual([['payload', 'struct<kind:string>', 'from deserializer']])
  })

  it('says which tables exist when the table is unknown', () => {
    expect(() => run('DESCRIBE nope')).toThrow(QuerySqlError)
    expect(() => run('SHOW COLUMNS IN nope')).toThrow(
      /table tunelake\.nope does not exist; the tables are artists, events, playlists, tracks, uploads/,
    )
  })

  it.each([
    [
      'another database',
      'SHOW TABLES IN other',
      /database other is not served here: the local engine serves the database tunelake/,
    ],
    ['a table of another database', 'DESCRIBE other.tracks', /database other is not served here/],
    [
      "Trino's LIKE in SHOW TABLES",
      "SHOW TABLES LIKE 'play%'",
      /LIKE in SHOW TABLES and SHOW COLUMNS is not Athena's/,
    ],
    [
      'LIKE in SHOW COLUMNS',
      "SHOW COLUMNS FROM tracks LIKE '%id'",
      /LIKE in SHOW TABLES and SHOW COLUMNS is not Athena's/,
    ],
    [
      'SHOW CREATE TABLE',
      'SHOW CREATE TABLE tracks',
      /SHOW CREATE is not reproduced by the local engine; it answers SHOW TABLES/,
    ],
    ['SHOW PARTITIONS', 'SHOW PARTITIONS tracks', /SHOW PARTITIONS is not reproduced/],
    ['SHOW TBLPROPERTIES', 'SHOW TBLPROPERTIES tracks', /SHOW TBLPROPERTIES is not reproduced/],
    ['DESCRIBE FORMATTED', 'DESCRIBE FORMATTED tracks', /DESCRIBE FORMATTED is not reproduced/],
    ['DESCRIBE TABLE', 'DESCRIBE TABLE tracks', /DESCRIBE TABLE is not reproduced/],
    [
      'DESCRIBE a partition',
      "DESCRIBE tracks PARTITION (snapshot_date='x')",
      /this form of DESCRIBE is not reproduced/,
    ],
    [
      'double-quoted names',
      'SHOW COLUMNS IN "tracks"',
      /this form of SHOW COLUMNS is not reproduced .*\(names bare or in backticks\)/,
    ],
  ])('refuses %s with one line', (_, sql, message) => {
    expect(() => run(sql)).toThrow(QueryRefusedError)
    expect(() => run(sql)).toThrow(message)
  })
})
