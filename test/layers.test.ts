import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * The folders of src/ in the order of the flow (README, Project layout): each imports only from
 * folders before it. The entry points of one rank (the CLI, the Lambda handlers) do not import
 * each other. The emulators stand apart: they import the core, the Spotify ids and each other
 * only, and only the demo, the CLI and the bench import them.
 */
const ORDER: readonly (readonly string[])[] = [
  ['(core)'],
  ['observability'],
  ['lake'],
  ['lease'],
  ['spotify'],
  ['open-music'],
  ['spotify-export'],
  ['extract'],
  ['import'],
  ['enrich'],
  ['transform'],
  ['open-music-tables'],
  ['transform-stage'],
  ['catalog'],
  ['query'],
  ['insights'],
  ['pipeline'],
  ['config'],
  ['server'],
  ['dashboard'],
  ['cli', 'aws'],
  ['bench'],
]
const EMULATORS = new Set(['emulator', 'open-music-emulator'])
const EMULATOR_IMPORTS = new Set(['(core)', 'spotify', ...EMULATORS])
const EMULATOR_USERS = new Set(['pipeline', 'cli', 'bench'])

const SRC = fileURLToPath(new URL('../src/', import.meta.url))

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : []
  })
}

/** The top folder of src/ a file is in; files directly in src/ are the core. */
function folderOf(file: string): string {
  const parts = path.relative(SRC, file).split(path.sep)
  return parts.length === 1 ? '(core)' : parts[0]!
}

/** Every relative import of a file: static, dynamic and type-only. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.\.?\/[^'"]+)['"]/g)].map((m) =>
    path.resolve(path.dirname(file), m[1]!),
  )
}

function against(from: string, to: string): string | undefined {
  if (from === to) return undefined
  if (EMULATORS.has(from)) return EMULATOR_IMPORTS.has(to) ? undefined : 'the emulators stand apart'
  if (EMULATORS.has(to)) return EMULATOR_USERS.has(from) ? undefined : 'only the demo, CLI and bench use them'
  const rank = (folder: string) => ORDER.findIndex((names) => names.includes(folder))
  if (rank(from) < 0 || rank(to) < 0) return 'a folder missing from the order in test/layers.test.ts'
  if (rank(to) > rank(from)) return 'a folder later in the flow'
  return rank(to) === rank(from) ? 'another entry point' : undefined
}

describe('the layout of src/', () => {
  it('imports only from folders earlier in the flow', () => {
    const wrong: string[] = []
    for (const file of sourceFiles(SRC)) {
      for (const target of importsOf(file)) {
        const reason = against(folderOf(file), folderOf(target))
        if (reason) wrong.push(`${path.relative(SRC, file)} -> ${path.relative(SRC, target)}: ${reason}`)
      }
    }
    expect(wrong).toEqual([])
  })
})
