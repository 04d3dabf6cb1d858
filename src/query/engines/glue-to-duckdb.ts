/** A Glue/Hive column type as the DuckDB type the engine declares for an empty table. */
export function duckDbType(glue: string): string {
  const array = /^array<(.*)>$/.exec(glue)
  if (array) return `${duckDbType(array[1]!)}[]`
  switch (glue) {
    case 'string':
      return 'VARCHAR'
    case 'int':
      return 'INTEGER'
    case 'bigint':
      return 'BIGINT'
    case 'tinyint':
      return 'TINYINT'
    case 'smallint':
      return 'SMALLINT'
    case 'double':
      return 'DOUBLE'
    case 'float':
      return 'FLOAT'
    case 'boolean':
      return 'BOOLEAN'
    case 'date':
      return 'DATE'
    case 'timestamp':
      return 'TIMESTAMP_MS'
    case 'binary':
      return 'BLOB'
    default:
      return /^decimal/.test(glue) ? glue.toUpperCase() : 'VARCHAR'
  }
}
