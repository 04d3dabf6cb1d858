import { createReadStream } from 'node:fs'
import { appendFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'

/** Bytes buffered across all groups before they are appended to their files. */
const FLUSH_BYTES = 4 * 1024 * 1024

/**
 * Lines grouped by a key (a month of streams) in temporary files, so an export whose files are
 * in no particular order (endsong files were not) can be handled one month at a time with memory
 * that does not grow with the export. Appends are buffered; `lines` reads a group back in the
 * order it was added. `close` removes the files.
 *
 * @example
 * const spill = await MonthSpill.create()
 * await spill.add('2019-06', JSON.stringify(row))
 * for await (const line of spill.lines('2019-06')) console.log(line)
 * await spill.close()
 */
export class MonthSpill {
  readonly #buffers = new Map<string, string[]>()
  readonly #counts = new Map<string, number>()
  #buffered = 0

  private constructor(private readonly dir: string) {}

  static async create(label = 'spill'): Promise<MonthSpill> {
    return new MonthSpill(await mkdtemp(path.join(tmpdir(), `tunelake-${label}-`)))
  }

  async add(group: string, line: string): Promise<void> {
    const buffer = this.#buffers.get(group)
    if (buffer) buffer.push(line)
    else this.#buffers.set(group, [line])
    this.#counts.set(group, (this.#counts.get(group) ?? 0) + 1)
    this.#buffered += line.length + 1
    if (this.#buffered >= FLUSH_BYTES) await this.flush()
  }

  async flush(): Promise<void> {
    for (const [group, lines] of this.#buffers) {
      if (lines.length > 0) await appendFile(this.#file(group), `${lines.join('\n')}\n`)
    }
    this.#buffers.clear()
    this.#buffered = 0
  }

  /** The groups, sorted, with their line counts. */
  groups(): [group: string, lines: number][] {
    return [...this.#counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  }

  async *lines(group: string): AsyncGenerator<string> {
    await this.flush()
    if (!this.#counts.has(group)) return
    const input = createReadStream(this.#file(group), { encoding: 'utf8' })
    for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
      if (line !== '') yield line
    }
  }

  async close(): Promise<void> {
    this.#buffers.clear()
    await rm(this.dir, { recursive: true, force: true })
  }

  #file(group: string): string {
    return path.join(this.dir, `${group.replace(/[^A-Za-z0-9_-]/g, '_')}.jsonl`)
  }
}
