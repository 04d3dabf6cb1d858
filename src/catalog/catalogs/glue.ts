import {
  CreateDatabaseCommand,
  CreateTableCommand,
  DeleteTableCommand,
  GetDatabaseCommand,
  GetPartitionsCommand,
  GetTableCommand,
  GetTablesCommand,
  type GlueClient,
  type Partition,
  type PartitionInput,
  type Table,
  UpdateTableCommand,
} from '@aws-sdk/client-glue'
import type { Catalog, CatalogTable } from '../catalog.js'
import { CatalogError } from '../errors.js'
import type { GluePartitionInput, GlueTableInput } from '../glue-shapes.js'
import { type BatchOptions, createPartitions, deletePartitions, updatePartitions } from './glue-partitions.js'

/**
 * The catalog port on the AWS Glue Data Catalog: databases, tables and partitions through the
 * Glue API (batch partition calls within their limits, failed entries retried). Glue keeps the
 * table versions itself (GetTableVersions), so `version` is Glue's `VersionId` + 1 and `history`
 * is not stored here.
 *
 * @example
 * const catalog = new GlueCatalog(new GlueClient({}))
 * await crawl(store, catalog, 'tunelake')
 */
export class GlueCatalog implements Catalog {
  readonly #client: Pick<GlueClient, 'send'>
  readonly #options: BatchOptions
  readonly #databases = new Map<string, Promise<void>>()

  constructor(client: Pick<GlueClient, 'send'>, options: BatchOptions = {}) {
    this.#client = client
    this.#options = options
  }

  async listTables(database: string): Promise<string[]> {
    const names: string[] = []
    let NextToken: string | undefined
    try {
      do {
        const out = await this.#client.send(new GetTablesCommand({ DatabaseName: database, NextToken }))
        names.push(...(out.TableList ?? []).map((t) => t.Name ?? '').filter(Boolean))
        NextToken = out.NextToken
      } while (NextToken)
    } catch (error) {
      if (isNamed(error, 'EntityNotFoundException')) return []
      throw translate(error, `list the tables of ${database}`)
    }
    return names.sort()
  }

  async getTable(database: string, name: string): Promise<CatalogTable | undefined> {
    let table: Table | undefined
    try {
      table = (await this.#client.send(new GetTableCommand({ DatabaseName: database, Name: name }))).Table
    } catch (error) {
      if (isNamed(error, 'EntityNotFoundException')) return undefined
      throw translate(error, `read table ${database}.${name}`)
    }
    if (!table) return undefined
    return {
      version: Number(table.VersionId ?? 0) + 1,
      table: tableInput(table),
      partitions: (await this.#partitions(database, name)).map(partitionInput),
      history: [],
    }
  }

  async putTable(database: string, doc: CatalogTable): Promise<void> {
    await this.#ensureDatabase(database)
    const name = doc.table.Name
    const before = await this.getTable(database, name)
    try {
      if (!before) {
        await this.#client.send(new CreateTableCommand({ DatabaseName: database, TableInput: doc.table }))
      } else if (canonical(before.table) !== canonical(doc.table)) {
        await this.#client.send(new UpdateTableCommand({ DatabaseName: database, TableInput: doc.table }))
      }
    } catch (error) {
      throw translate(error, `write table ${database}.${name}`)
    }
    const target = { client: this.#client, database, table: name }
    const old = new Map((before?.partitions ?? []).map((p) => [JSON.stringify(p.Values), p]))
    const wanted = new Map(doc.partitions.map((p) => [JSON.stringify(p.Values), p]))
    const create = doc.partitions.filter((p) => !old.has(JSON.stringify(p.Values)))
    const update = doc.partitions.filter((p) => {
      const was = old.get(JSON.stringify(p.Values))
      return was !== undefined && canonical(was) !== canonical(p)
    })
    const remove = [...old.values()].filter((p) => !wanted.has(JSON.stringify(p.Values))).map((p) => p.Values)
    try {
      await createPartitions(target, create as PartitionInput[], this.#options)
      await updatePartitions(target, update as PartitionInput[], this.#options)
      await deletePartitions(target, remove, this.#options)
    } catch (error) {
      throw translate(error, `write the partitions of ${database}.${name}`)
    }
  }

  async deleteTable(database: string, name: string): Promise<void> {
    try {
      await this.#client.send(new DeleteTableCommand({ DatabaseName: database, Name: name }))
    } catch (error) {
      if (!isNamed(error, 'EntityNotFoundException'))
        throw translate(error, `delete table ${database}.${name}`)
    }
  }

  #ensureDatabase(database: string): Promise<void> {
    let ready = this.#databases.get(database)
    if (!ready) {
      ready = (async () => {
        try {
          await this.#client.send(new GetDatabaseCommand({ Name: database }))
        } catch (error) {
          if (!isNamed(error, 'EntityNotFoundException')) throw translate(error, `read database ${database}`)
          try {
            await this.#client.send(new CreateDatabaseCommand({ DatabaseInput: { Name: database } }))
          } catch (created) {
            if (!isNamed(created, 'AlreadyExistsException'))
              throw translate(created, `create database ${database}`)
          }
        }
      })()
      ready.catch(() => this.#databases.delete(database))
      this.#databases.set(database, ready)
    }
    return ready
  }

  async #partitions(database: string, name: string): Promise<Partition[]> {
    const partitions: Partition[] = []
    let NextToken: string | undefined
    try {
      do {
        const out = await this.#client.send(
          new GetPartitionsCommand({ DatabaseName: database, TableName: name, NextToken }),
        )
        partitions.push(...(out.Partitions ?? []))
        NextToken = out.NextToken
      } while (NextToken)
    } catch (error) {
      throw translate(error, `read the partitions of ${database}.${name}`)
    }
    return partitions.sort((a, b) => (JSON.stringify(a.Values) < JSON.stringify(b.Values) ? -1 : 1))
  }
}

/** The TableInput part of a Glue Table (what CreateTable takes back). */
function tableInput(table: Table): GlueTableInput {
  return {
    Name: table.Name ?? '',
    ...(table.Description ? { Description: table.Description } : {}),
    Owner: table.Owner ?? 'owner',
    Retention: table.Retention ?? 0,
    TableType: 'EXTERNAL_TABLE',
    PartitionKeys: (table.PartitionKeys ?? []).map((k) => ({ Name: k.Name ?? '', Type: k.Type ?? 'string' })),
    StorageDescriptor: table.StorageDescriptor as GlueTableInput['StorageDescriptor'],
    Parameters: table.Parameters ?? {},
  }
}

function partitionInput(partition: Partition): GluePartitionInput {
  return {
    Values: partition.Values ?? [],
    StorageDescriptor: partition.StorageDescriptor as GluePartitionInput['StorageDescriptor'],
    Parameters: partition.Parameters ?? {},
  }
}

/** JSON with object keys sorted: Glue answers with its own key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  )
}

function isNamed(error: unknown, name: string): boolean {
  return (error as { name?: string } | null)?.name === name
}

/** A Glue SDK error as one line that says what failed and what to do. */
function translate(error: unknown, what: string): unknown {
  if (error instanceof CatalogError) return error
  const name = (error as { name?: string } | null)?.name ?? 'Error'
  const message = (error as { message?: string } | null)?.message ?? ''
  if (name === 'AccessDeniedException') {
    return new CatalogError(
      `Glue denied the request to ${what}; allow glue:GetTable(s), CreateTable, UpdateTable, GetPartitions and Batch*Partition for these credentials`,
      { cause: error },
    )
  }
  if (name === 'CredentialsProviderError') {
    return new CatalogError(
      `no AWS credentials to ${what} in Glue; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE`,
      { cause: error },
    )
  }
  return new CatalogError(`Glue could not ${what}: ${name}${message ? ` (${message.split('\n')[0]})` : ''}`, {
    cause: error,
  })
}
