import { describe, expect, it } from 'vitest'
import { classifyCsv } from './csv-classifier.js'

describe('classifyCsv (Glue built-in CSV classifier)', () => {
  it('takes the first row as a header when the data has a non-string column', () => {
    expect(classifyCsv('id,name,score,active\n1,Ada,1.5,true\n2,Bob,2,false\n', false)).toMatchObject({
      delimiter: ',',
      header: true,
      quoted: false,
      records: 2,
      columns: [
        { Name: 'id', Type: 'bigint' },
        { Name: 'name', Type: 'string' },
        { Name: 'score', Type: 'double' },
        { Name: 'active', Type: 'boolean' },
      ],
    })
  })

  it('sees no header when every column is a string, and names the columns col0..', () => {
    expect(classifyCsv('city,country\nOslo,Norway\nLima,Peru\n', false)).toMatchObject({
      header: false,
      records: 3,
      columns: [
        { Name: 'col0', Type: 'string' },
        { Name: 'col1', Type: 'string' },
      ],
    })
  })

  it('sees no header when a header cell parses as a number, or one but the last is 150 characters long', () => {
    expect(classifyCsv('id,2024\n1,2\n3,4\n', false)?.header).toBe(false)
    expect(classifyCsv(`${'x'.repeat(150)},n\na,1\nb,2\n`, false)?.header).toBe(false)
    expect(classifyCsv(`n,${'x'.repeat(150)}\n1,a\n2,b\n`, false)?.header).toBe(true)
  })

  it('keeps dates as strings, as Glue does', () => {
    expect(classifyCsv('day,plays\n2026-11-20,3\n2026-11-21,4\n', false)?.columns).toEqual([
      { Name: 'day', Type: 'string' },
      { Name: 'plays', Type: 'bigint' },
    ])
  })

  it('tries , | tab ; in that order and reads quoted fields', () => {
    expect(classifyCsv('a|b\n1|x\n2|y\n', false)?.delimiter).toBe('|')
    expect(classifyCsv('a\tb\n1\tx\n2\ty\n', false)?.delimiter).toBe('\t')
    expect(classifyCsv('name;n\n"Smith; J.";1\n"O""Neil";2\n', false)).toMatchObject({
      delimiter: ';',
      quoted: true,
      header: true,
    })
  })

  it('is not CSV with one column, one row, or ragged rows', () => {
    expect(classifyCsv('just one column\nsecond\n', false)).toBeUndefined()
    expect(classifyCsv('a,b\n', false)).toBeUndefined()
    expect(classifyCsv('a,b\n1,2,3\n4\n', false)).toBeUndefined()
  })

  it('drops the last record of a sample cut in the middle', () => {
    expect(classifyCsv('a,b\n1,2\n3,4\n5,', true)?.records).toBe(2)
  })
})
