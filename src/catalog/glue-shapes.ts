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
