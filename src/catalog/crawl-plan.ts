import { createHash } from 'node:crypto'
import type { ObjectInfo } from '../lake/object-store.js'
import type { ClassifiedFile } from './classify.js'

/** A classified file of a planned table. */
export interface PlannedFile {
  info: ObjectInfo
  classified: ClassifiedFile
}

export interface PlannedPartition {
  /** The folder key, ending in `/`. */
  folder: string
  values: string[]
  files: PlannedFile[]
}

/** One table the crawl found: a folder at the table level and the compatible files below it. */
export interface PlannedTable {
  name: string
  /** The table's folder key, ending in `/`. */
  root: string
  partitionKeys: string[]
  partitions: PlannedPartition[]
  /** The format every file of the table shares. */
  format: FileFormat
}

export interface FileFormat {
  classification: ClassifiedFile['classification']
  compressionType: ClassifiedFile['compressionType']
  delimiter?: string
  header?: boolean
  quoted?: boolean
}

export interface Skipped {
  key: string
  reason: string
}

/**
 * Groups classified files into tables the way a Glue crawler with
 * `Grouping.TableGroupingPolicy = CombineCompatibleSchemas` and
 * `Grouping.TableLevelConfiguration = tableDepth` does: the folder at that depth (counted in
 * folders of the lake, the include path's first) is a table; the folders between it and the
 * files are partitions (`key=value` gives the key's name, anything else `partition_<i>`).
 * Compatible means the same format, compression, CSV dialect and partition depth: the format
 * most files share wins and the other files are skipped with the reason (schemas, however
 * different, are combined). Table names are the folder's, in lower case with `_` for anything
 * but letters and digits, made unique with a short hash of the path when two collide.
 */
export function planTables(
  files: readonly PlannedFile[],
  tableDepth: number,
): { tables: PlannedTable[]; skipped: Skipped[] } {
  const skipped: Skipped[] = []
  const byRoot = new Map<string, PlannedFile[]>()
  for (const file of files) {
    const folders = file.info.key.split('/').slice(0, -1)
    if (folders.length < tableDepth) {
      skipped.push({
        key: file.info.key,
        reason: `it lies above the table level (in ${folders.join('/') || 'the lake root'}/)`,
      })
      continue
    }
    const root = `${folders.slice(0, tableDepth).join('/')}/`
    const group = byRoot.get(root)
    if (group) group.push(file)
    else byRoot.set(root, [file])
  }
  const tables: PlannedTable[] = []
  for (const [root, group] of [...byRoot].sort(([a], [b]) => compare(a, b))) {
    const format = majorityFormat(group, root)
    const partitions = new Map<string, PlannedPartition>()
    for (const file of group) {
      const signature = formatSignature(file, root)
      if (signature !== format.signature) {
        skipped.push({
          key: file.info.key,
          reason: `not compatible with table folder ${root} (${describe(signature)} among ${describe(format.signature)})`,
        })
        continue
      }
      const folder = file.info.key.slice(0, file.info.key.lastIndexOf('/') + 1)
      const partition = partitions.get(folder) ?? { folder, values: [], files: [] }
      partition.files.push(file)
      partitions.set(folder, partition)
    }
    const ordered = [...partitions.values()].sort((a, b) => compare(a.folder, b.folder))
    const levels = ordered[0]!.folder.slice(root.length).split('/').filter(Boolean).length
    const partitionKeys = Array.from({ length: levels }, (_, i) => keyName(ordered, root, i))
    for (const partition of ordered) {
      const parts = partition.folder.slice(root.length).split('/').filter(Boolean)
      partition.values = parts.map((part, i) =>
        partitionKeys[i] === `partition_${i}` ? part : part.slice(part.indexOf('=') + 1),
      )
    }
    tables.push({ name: '', root, partitionKeys, partitions: ordered, format: format.format })
  }
  nameTables(tables)
  return { tables, skipped }
}

function formatSignature(file: PlannedFile, root: string): string {
  const c = file.classified
  const depth = file.info.key.slice(root.length).split('/').length - 1
  return JSON.stringify([
    c.classification,
    c.compressionType,
    c.csv?.delimiter ?? '',
    c.csv?.header ?? false,
    c.csv?.quoted ?? false,
    depth,
  ])
}

function describe(signature: string): string {
  const [classification, compression, delimiter, , , depth] = JSON.parse(signature) as [
    string,
    string,
    string,
    boolean,
    boolean,
    number,
  ]
  const dialect = delimiter ? ` delimited by ${JSON.stringify(delimiter)}` : ''
  return `${classification}${dialect}, ${compression === 'none' ? 'uncompressed' : compression}, ${depth} partition level(s)`
}

function majorityFormat(
  group: readonly PlannedFile[],
  root: string,
): { signature: string; format: FileFormat } {
  const counts = new Map<string, { count: number; file: PlannedFile }>()
  for (const file of group) {
    const signature = formatSignature(file, root)
    const entry = counts.get(signature)
    if (entry) entry.count++
    else counts.set(signature, { count: 1, file })
  }
  const [signature, { file }] = [...counts].sort(([a, x], [b, y]) => y.count - x.count || compare(a, b))[0]!
  const c = file.classified
  return {
    signature,
    format: {
      classification: c.classification,
      compressionType: c.compressionType,
      ...(c.csv ? { delimiter: c.csv.delimiter, header: c.csv.header, quoted: c.csv.quoted } : {}),
    },
  }
}

/** `key` when every folder at this level is `key=...` with one key; else `partition_<level>`. */
function keyName(partitions: readonly PlannedPartition[], root: string, level: number): string {
  const names = new Set(
    partitions.map((p) => {
      const part = p.folder.slice(root.length).split('/')[level] ?? ''
      return part.includes('=') ? part.slice(0, part.indexOf('=')).toLowerCase() : ''
    }),
  )
  const [only] = names
  return names.size === 1 && only ? only : `partition_${level}`
}

function nameTables(tables: PlannedTable[]): void {
  const base = (t: PlannedTable) => sanitize(t.root.split('/').filter(Boolean).at(-1) ?? 'table')
  const counts = new Map<string, number>()
  for (const table of tables) counts.set(base(table), (counts.get(base(table)) ?? 0) + 1)
  for (const table of tables) {
    const name = base(table)
    table.name =
      counts.get(name)! > 1
        ? `${name.slice(0, 119)}_${createHash('sha256').update(table.root).digest('hex').slice(0, 8)}`
        : name
  }
}

/** Glue's table-name rule: lower case, letters, digits and `_`, at most 128 characters. */
export function sanitize(name: string): string {
  const clean = name.toLowerCase().replace(/[^a-z0-9_]/g, '_')
  return (clean === '' ? 'table' : clean).slice(0, 128)
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
