import {
  BatchCreatePartitionCommand,
  BatchDeletePartitionCommand,
  BatchUpdatePartitionCommand,
  type GlueClient,
  type PartitionInput,
} from '@aws-sdk/client-glue'
import { CatalogError } from '../errors.js'

/** Glue's limits per call: 100 partitions to create or update, 25 to delete. */
export const CREATE_BATCH = 100
export const UPDATE_BATCH = 100
export const DELETE_BATCH = 25

/** Error codes a partition entry may fail with that a later attempt can pass. */
const RETRYABLE = new Set([
  'ThrottlingException',
  'InternalServiceException',
  'OperationTimeoutException',
  'ConcurrentModificationException',
  'ResourceNumberLimitExceededException',
])

export interface BatchOptions {
  /** Attempts per entry for retryable failures (default 5). */
  attempts?: number
  /** Waits between attempts (default exponential, from 200 ms). */
  sleep?: (ms: number) => Promise<void>
}

type Target = { client: Pick<GlueClient, 'send'>; database: string; table: string }

interface EntryError {
  values: string[]
  code: string
  message: string
}

/**
 * Creates partitions with BatchCreatePartition, 100 per call. Entries that fail with a
 * retryable code are sent again (only those), with backoff; entries that already exist are
 * updated instead; any other failure stops with one line naming the partition and the code.
 */
export async function createPartitions(
  target: Target,
  partitions: PartitionInput[],
  options: BatchOptions = {},
) {
  const existing: PartitionInput[] = []
  await inBatches(partitions, CREATE_BATCH, options, async (batch) => {
    const out = await target.client.send(
      new BatchCreatePartitionCommand({
        DatabaseName: target.database,
        TableName: target.table,
        PartitionInputList: batch,
      }),
    )
    const errors = (out.Errors ?? []).map((e) => ({
      values: e.PartitionValues ?? [],
      code: e.ErrorDetail?.ErrorCode ?? 'UnknownError',
      message: e.ErrorDetail?.ErrorMessage ?? '',
    }))
    for (const error of errors.filter((e) => e.code === 'AlreadyExistsException')) {
      existing.push(batch.find((p) => same(p.Values ?? [], error.values))!)
    }
    return retryOrFail(
      target,
      'create',
      batch,
      errors.filter((e) => e.code !== 'AlreadyExistsException'),
    )
  })
  if (existing.length > 0) await updatePartitions(target, existing, options)
}

/** Updates partitions with BatchUpdatePartition, 100 per call, retrying as `createPartitions` does. */
export async function updatePartitions(
  target: Target,
  partitions: PartitionInput[],
  options: BatchOptions = {},
) {
  await inBatches(partitions, UPDATE_BATCH, options, async (batch) => {
    const out = await target.client.send(
      new BatchUpdatePartitionCommand({
        DatabaseName: target.database,
        TableName: target.table,
        Entries: batch.map((p) => ({ PartitionValueList: p.Values, PartitionInput: p })),
      }),
    )
    const errors = (out.Errors ?? []).map((e) => ({
      values: e.PartitionValueList ?? [],
      code: e.ErrorDetail?.ErrorCode ?? 'UnknownError',
      message: e.ErrorDetail?.ErrorMessage ?? '',
    }))
    return retryOrFail(target, 'update', batch, errors)
  })
}

/** Deletes partitions with BatchDeletePartition, 25 per call; one already gone is not an error. */
export async function deletePartitions(target: Target, values: string[][], options: BatchOptions = {}) {
  const partitions: PartitionInput[] = values.map((Values) => ({ Values }))
  await inBatches(partitions, DELETE_BATCH, options, async (batch) => {
    const out = await target.client.send(
      new BatchDeletePartitionCommand({
        DatabaseName: target.database,
        TableName: target.table,
        PartitionsToDelete: batch.map((p) => ({ Values: p.Values })),
      }),
    )
    const errors = (out.Errors ?? [])
      .map((e) => ({
        values: e.PartitionValues ?? [],
        code: e.ErrorDetail?.ErrorCode ?? 'UnknownError',
        message: e.ErrorDetail?.ErrorMessage ?? '',
      }))
      .filter((e) => e.code !== 'EntityNotFoundException')
    return retryOrFail(target, 'delete', batch, errors)
  })
}

/** The entries to send again; throws on a failure no retry can mend. */
function retryOrFail(
  target: Target,
  verb: string,
  batch: PartitionInput[],
  errors: EntryError[],
): PartitionInput[] {
  const fatal = errors.find((e) => !RETRYABLE.has(e.code))
  if (fatal) {
    throw new CatalogError(
      `Glue could not ${verb} partition (${fatal.values.join(', ')}) of ${target.database}.${target.table}: ${fatal.code}${fatal.message ? ` (${fatal.message})` : ''}`,
    )
  }
  return errors.map((e) => batch.find((p) => same(p.Values ?? [], e.values))!).filter(Boolean)
}

async function inBatches(
  items: PartitionInput[],
  size: number,
  options: BatchOptions,
  send: (batch: PartitionInput[]) => Promise<PartitionInput[]>,
): Promise<void> {
  const attempts = options.attempts ?? 5
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)))
  for (let start = 0; start < items.length; start += size) {
    let batch = items.slice(start, start + size)
    for (let attempt = 1; batch.length > 0; attempt++) {
      const again = await send(batch)
      if (again.length === 0) break
      if (attempt >= attempts) {
        throw new CatalogError(
          `Glue kept failing on ${again.length} partition(s) after ${attempts} attempts (throttled or busy); run the crawl again later`,
        )
      }
      await sleep(200 * 2 ** (attempt - 1))
      batch = again
    }
  }
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i])
}
