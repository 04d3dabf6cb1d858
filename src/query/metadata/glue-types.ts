/**
 * A Glue (Hive) column type as Athena's SQL engine names it, e.g. in
 * `information_schema.columns.data_type`: `string` is `varchar`, `int` is `integer`, `float` is
 * `real`, `timestamp` is `timestamp(3)` (Hive tables hold milliseconds), `binary` is
 * `varbinary`, and `array<string>` is `array(varchar)`, `map<string,int>` is
 * `map(varchar, integer)`, `struct<a:string>` is `row(a varchar)`.
 */
export function trinoTypeOfGlue(glue: string): string {
  const type = glue.trim().toLowerCase()
  const nested = /^(array|map|struct)<(.*)>$/.exec(type)
  if (nested) {
    const parts = splitTopLevel(nested[2]!)
    if (nested[1] === 'array') return `array(${trinoTypeOfGlue(nested[2]!)})`
    if (nested[1] === 'map') return `map(${parts.map(trinoTypeOfGlue).join(', ')})`
    const fields = parts.map((field) => {
      const colon = field.indexOf(':')
      return `${field.slice(0, colon).trim()} ${trinoTypeOfGlue(field.slice(colon + 1))}`
    })
    return `row(${fields.join(', ')})`
  }
  switch (type) {
    case 'string':
      return 'varchar'
    case 'int':
      return 'integer'
    case 'float':
      return 'real'
    case 'timestamp':
      return 'timestamp(3)'
    case 'binary':
      return 'varbinary'
    case 'decimal':
      return 'decimal(10,0)'
    default:
      return type.replace(/\s+/g, '')
  }
}

/** `a:int,b:map<string,int>` -> `['a:int', 'b:map<string,int>']`: commas outside angle brackets. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '<' || ch === '(') depth++
    else if (ch === '>' || ch === ')') depth--
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i))
      start = i + 1
    }
  }
  parts.push(text.slice(start))
  return parts
}
