import { describe, expect, it } from 'vitest'
import { EXAMPLE_FILES, exampleRows } from '../../test/support/spotify-export-files.js'
import type { ExportObject } from '../spotify-export/export-object.js'
import { buildTables } from './build-tables.js'
import { RawObjectInvalidError, ResponseShapeError } from './errors.js'
import { readExportObject } from './read-export-object.js'

async function object(changes: Partial<ExportObject> = {}): Promise<ExportObject> {
  return {
    format: 'tunelake.spotify-export/v1',
    source: 'streaming_history',
    source_id: 'extended-audio',
    run_id: '20261202T081000Z-ab12cd',
    page: 0,
    snapshot_date: '2024-12-01',
    imported_at: '2026-12-02T08:10:03.120Z',
    synthetic: false,
    files: [EXAMPLE_FILES.audio],
    personal_fields: 'dropped',
    rows: (await exampleRows(EXAMPLE_FILES.audio)).slice(0, 5),
    ...changes,
  }
}

describe('readExportObject', () => {
  it('reads an imported object into listening events that buildTables makes plays rows of', async () => {
    const content = readExportObject(await object())
    expect(content).toMatchObject({
      source: 'streaming_history',
      snapshot_date: '2024-12-01',
      synthetic: false,
    })
    expect(content.plays).toHaveLength(5)
    const { tables, stats } = buildTables([content])
    expect(tables.plays.map((r) => [r.played_date, r.item_type, r.source])).toEqual([
      ['2024-12-30', 'track', 'export'],
      ['2024-12-30', 'track', 'export'],
      ['2024-12-30', 'track', 'export'],
      ['2024-12-30', 'local', 'export'],
      ['2024-12-31', 'episode', 'export'],
    ])
    expect(tables.tracks).toEqual([])
    expect(stats.envelopesUsed).toBe(1)
  })

  it('sends a bad object to quarantine with a reason that names the field or the row', async () => {
    await expect(object({ source_id: 'extended-sound' as never }).then(readExportObject)).rejects.toThrow(
      RawObjectInvalidError,
    )
    await expect(object({ synthetic: 'no' as never }).then(readExportObject)).rejects.toThrow(
      'not a tunelake import object: field "synthetic" must be a boolean (got a string)',
    )
    const bad = await object()
    bad.rows[2] = { ...bad.rows[2], ms_played: -5 }
    expect(() => readExportObject(bad)).toThrow(ResponseShapeError)
    expect(() => readExportObject(bad)).toThrow(
      'unexpected streaming_history object: rows[2] is an entry whose ms_played is not a duration (-5)',
    )
  })
})
