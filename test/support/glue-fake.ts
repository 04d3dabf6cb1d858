/**
 * A stateful fake of the Glue Data Catalog API behind aws-sdk-client-mock: it keeps databases,
 * tables and partitions and answers the calls GlueCatalog makes with Glue's response shapes and
 * errors (EntityNotFoundException, AlreadyExistsException, ValidationException past a batch
 * limit, per-entry `Errors` of the Batch*Partition calls), pages GetTables and GetPartitions,
 * returns partitions in no particular order, and counts table versions from "0" as Glue does.
 * Glue itself cannot run here; this holds the adapter to the API it really speaks.
 */
import {
  AlreadyExistsException,
  BatchCreatePartitionCommand,
  BatchDeletePartitionCommand,
  BatchUpdatePartitionCommand,
  CreateDatabaseCommand,
  CreateTableCommand,
  DeleteTableCommand,
  EntityNotFoundException,
  GetDatabaseCommand,
  GetPartitionsCommand,
  GetTableCommand,
  GetTablesCommand,
  type GlueClient,
  type Partition,
  type PartitionInput,
  type Table,
  type TableInput,
  UpdateTableCommand,
  ValidationException,
} from '@aws-sdk/client-glue'
import { mockClient } from 'aws-sdk-client-mock'

const ACCOUNT = '123456789012'
const CREATED_BY = `arn:aws:iam::${ACCOUNT}:user/tunelake-tests`
const $metadata = { httpStatusCode: 400, requestId: 'fake-glue' }
/** Glue's page sizes: GetTables returns at most 100 tables, the fake's GetPartitions 100 partitions. */
const PAGE = 100

interface StoredTable {
  table: Table
  partitions: Map<string, Partition>
}

const notFound = (message: string) => new EntityNotFoundException({ message, $metadata })
const copy = <T>(value: T): T => structuredClone(value)

/** Glue's ValidationException for a list over its length limit. */
function tooMany(field: string, list: readonly unknown[], limit: number): void {
  if (list.length <= limit) return
  throw new ValidationException({
    message: `1 validation error detected: Value '[...]' at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${limit}`,
    $metadata,
  })
}

export class GlueFake {
  /** Every call the adapter made, by command name, in order. */
  readonly calls: string[] = []
  readonly #databases = new Map<string, Map<string, StoredTable>>()

  /** Answers every call `client` sends from this fake's state. */
  install(client: GlueClient): void {
    const mock = mockClient(client)
    const on = <I, O>(command: new (input: I) => unknown, answer: (input: I) => O) =>
      mock.on(command as never).callsFake(async (input: I) => {
        this.calls.push(command.name.replace(/Command$/, ''))
        return { $metadata: { httpStatusCode: 200 }, ...answer(copy(input)) }
      })
    on(GetDatabaseCommand, ({ Name }) => {
      this.#database(Name!)
      return { Database: { Name, CatalogId: ACCOUNT, CreateTime: new Date() } }
    })
    on(CreateDatabaseCommand, ({ DatabaseInput }) => {
      const name = DatabaseInput!.Name!.toLowerCase()
      if (this.#databases.has(name))
        throw new AlreadyExistsException({ message: 'Database already exists.', $metadata })
      this.#databases.set(name, new Map())
      return {}
    })
    on(GetTablesCommand, ({ DatabaseName, NextToken, MaxResults }) => {
      const tables = [...this.#database(DatabaseName!).values()].map((t) => t.table)
      return this.#page(tables, NextToken, Math.min(MaxResults ?? PAGE, PAGE), 'TableList')
    })
    on(GetTableCommand, ({ DatabaseName, Name }) => ({
      Table: copy(this.#table(DatabaseName!, Name!).table),
    }))
    on(CreateTableCommand, ({ DatabaseName, TableInput }) => {
      const tables = this.#database(DatabaseName!)
      const name = TableInput!.Name!.toLowerCase()
      if (tables.has(name)) throw new AlreadyExistsException({ message: 'Table already exists.', $metadata })
      const now = new Date()
      tables.set(name, {
        table: { ...this.#tableOf(DatabaseName!, TableInput!), CreateTime: now, VersionId: '0' },
        partitions: new Map(),
      })
      return {}
    })
    on(UpdateTableCommand, ({ DatabaseName, TableInput }) => {
      const stored = this.#table(DatabaseName!, TableInput!.Name!)
      const version = String(Number(stored.table.VersionId) + 1)
      stored.table = {
        ...this.#tableOf(DatabaseName!, TableInput!),
        CreateTime: stored.table.CreateTime,
        VersionId: version,
      }
      return {}
    })
    on(DeleteTableCommand, ({ DatabaseName, Name }) => {
      this.#table(DatabaseName!, Name!)
      this.#database(DatabaseName!).delete(Name!.toLowerCase())
      return {}
    })
    on(GetPartitionsCommand, ({ DatabaseName, TableName, NextToken, MaxResults }) => {
      // Glue promises no order; newest first keeps an adapter from relying on one.
      const partitions = [...this.#table(DatabaseName!, TableName!).partitions.values()].reverse()
      return this.#page(partitions, NextToken, Math.min(MaxResults ?? PAGE, 1000), 'Partitions')
    })
    on(BatchCreatePartitionCommand, ({ DatabaseName, TableName, PartitionInputList = [] }) => {
      tooMany('partitionInputList', PartitionInputList, 100)
      const stored = this.#table(DatabaseName!, TableName!)
      const Errors = []
      for (const input of PartitionInputList) {
        const key = JSON.stringify(input.Values)
        const problem = stored.partitions.has(key)
          ? { ErrorCode: 'AlreadyExistsException', ErrorMessage: 'Partition already exists.' }
          : this.#badValues(stored, input)
        if (problem) Errors.push({ PartitionValues: input.Values, ErrorDetail: problem })
        else stored.partitions.set(key, this.#partitionOf(DatabaseName!, TableName!, input, new Date()))
      }
      return { Errors }
    })
    on(BatchUpdatePartitionCommand, ({ DatabaseName, TableName, Entries = [] }) => {
      tooMany('entries', Entries, 100)
      const stored = this.#table(DatabaseName!, TableName!)
      const Errors = []
      for (const { PartitionValueList, PartitionInput: input } of Entries) {
        const key = JSON.stringify(PartitionValueList)
        const was = stored.partitions.get(key)
        if (!was) {
          Errors.push({
            PartitionValueList,
            ErrorDetail: { ErrorCode: 'EntityNotFoundException', ErrorMessage: 'Partition not found.' },
          })
          continue
        }
        stored.partitions.delete(key)
        const next = this.#partitionOf(DatabaseName!, TableName!, input!, was.CreationTime!)
        stored.partitions.set(JSON.stringify(next.Values), next)
      }
      return { Errors }
    })
    on(BatchDeletePartitionCommand, ({ DatabaseName, TableName, PartitionsToDelete = [] }) => {
      tooMany('partitionsToDelete', PartitionsToDelete, 25)
      const stored = this.#table(DatabaseName!, TableName!)
      const Errors = []
      for (const { Values } of PartitionsToDelete) {
        if (!stored.partitions.delete(JSON.stringify(Values))) {
          Errors.push({
            PartitionValues: Values,
            ErrorDetail: { ErrorCode: 'EntityNotFoundException', ErrorMessage: 'Partition not found.' },
          })
        }
      }
      return { Errors }
    })
  }

  #database(name: string): Map<string, StoredTable> {
    const tables = this.#databases.get(name.toLowerCase())
    if (!tables) throw notFound(`Database ${name} not found.`)
    return tables
  }

  #table(database: string, name: string): StoredTable {
    const stored = this.#database(database).get(name.toLowerCase())
    if (!stored) throw notFound('Entity Not Found')
    return stored
  }

  /** A Table as GetTable returns it: the input plus what Glue adds. */
  #tableOf(database: string, input: TableInput): Table {
    return {
      ...copy(input),
      Name: input.Name!.toLowerCase(),
      DatabaseName: database,
      UpdateTime: new Date(),
      CreatedBy: CREATED_BY,
      IsRegisteredWithLakeFormation: false,
      CatalogId: ACCOUNT,
      IsMultiDialectView: false,
    }
  }

  #partitionOf(database: string, table: string, input: PartitionInput, created: Date): Partition {
    return {
      ...copy(input),
      DatabaseName: database,
      TableName: table,
      CreationTime: created,
      CatalogId: ACCOUNT,
    }
  }

  /** Glue refuses a partition whose values do not match the table's partition keys. */
  #badValues(stored: StoredTable, input: PartitionInput) {
    if ((input.Values ?? []).length === (stored.table.PartitionKeys ?? []).length) return undefined
    return {
      ErrorCode: 'InvalidInputException',
      ErrorMessage: 'The number of partition keys do not match the number of partition values',
    }
  }

  #page<T, K extends string>(items: T[], token: string | undefined, size: number, key: K) {
    const start = token ? Number(token) : 0
    const end = start + size
    return {
      [key]: copy(items.slice(start, end)),
      ...(end < items.length ? { NextToken: String(end) } : {}),
    } as Record<K, T[]> & { NextToken?: string }
  }
}
