/**
 * The Glue Data Catalog shapes tunelake writes (the subset of Glue's `TableInput` and
 * `PartitionInput` a crawler fills in), declared here so the core needs no AWS SDK.
 */
export interface GlueColumn {
  Name: string
  Type: string
}

export interface GlueStorageDescriptor {
  Columns: GlueColumn[]
  Location: string
  InputFormat: string
  OutputFormat: string
  Compressed: boolean
  NumberOfBuckets: number
  SerdeInfo: { SerializationLibrary: string; Parameters: Record<string, string> }
  BucketColumns: string[]
  SortColumns: { Column: string; SortOrder: number }[]
  Parameters: Record<string, string>
  StoredAsSubDirectories: boolean
}

export interface GlueTableInput {
  Name: string
  Description?: string
  Owner: string
  Retention: number
  TableType: 'EXTERNAL_TABLE'
  PartitionKeys: GlueColumn[]
  StorageDescriptor: GlueStorageDescriptor
  Parameters: Record<string, string>
}

export interface GluePartitionInput {
  Values: string[]
  StorageDescriptor: GlueStorageDescriptor
  Parameters: Record<string, string>
}

export const PARQUET_FORMAT = {
  InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  SerdeInfo: {
    SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    Parameters: { 'serialization.format': '1' },
  },
} as const

/** The formats Glue's crawler writes for text tables. */
export const TEXT_FORMAT = {
  InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
} as const

export const LAZY_SIMPLE_SERDE = 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe'
export const OPEN_CSV_SERDE = 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
export const JSON_SERDE = 'org.openx.data.jsonserde.JsonSerDe'
