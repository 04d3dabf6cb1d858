import { randomBytes } from 'node:crypto'
import { link, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import path from 'node:path'
import { LakeNotWritableError } from '../../lake/errors.js'
import type { LeaseRecord, LeaseStorage } from '../lease.js'

const NAME = /^lease-(\d{12})\.json$/

/**
 * Lease records as files in a folder of a local lake (`_state/lease/lease-000000000001.json`).
 * A record is written to a temp file and hard-linked to its name: the link fails if the name
 * exists, so creation is exclusive and the file is whole the moment it appears.
 */
export class FsLeaseStorage implements LeaseStorage {
  readonly location: string
  readonly #lake: string

  /** `lake` names the lake in messages (default: the folder). */
  constructor(folder: string, lake?: string) {
    this.location = path.resolve(folder)
    this.#lake = lake ?? this.location
  }

  async generations(): Promise<number[]> {
    let names: string[]
    try {
      names = await readdir(this.location)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw this.#notWritable(error)
    }
    return names.flatMap((name) => {
      const match = NAME.exec(name)
      return match ? [Number(match[1])] : []
    })
  }

  async read(generation: number): Promise<LeaseRecord | undefined> {
    try {
      return JSON.parse(await readFile(this.#file(generation), 'utf8')) as LeaseRecord
    } catch {
      return undefined
    }
  }

  async create(record: LeaseRecord): Promise<boolean> {
    const temp = await this.#temp(record)
    try {
      await link(temp, this.#file(record.generation))
      return true
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
      throw this.#notWritable(error)
    } finally {
      await rm(temp, { force: true })
    }
  }

  /** Only the holder rewrites its generation (a newer holder creates the next), so no condition. */
  async replace(record: LeaseRecord): Promise<boolean> {
    const temp = await this.#temp(record)
    await rename(temp, this.#file(record.generation)).catch((error: unknown) => {
      throw this.#notWritable(error)
    })
    return true
  }

  async remove(generation: number): Promise<void> {
    await rm(this.#file(generation), { force: true })
  }

  holderGone(record: LeaseRecord): boolean {
    if (record.host !== hostname()) return false
    try {
      process.kill(record.pid, 0)
      return false
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ESRCH'
    }
  }

  #file(generation: number): string {
    return path.join(this.location, `lease-${String(generation).padStart(12, '0')}.json`)
  }

  async #temp(record: LeaseRecord): Promise<string> {
    const temp = path.join(this.location, `.tmp-${randomBytes(6).toString('hex')}`)
    try {
      await mkdir(this.location, { recursive: true })
      await writeFile(temp, `${JSON.stringify(record, null, 2)}\n`)
    } catch (error) {
      throw this.#notWritable(error)
    }
    return temp
  }

  #notWritable(error: unknown): unknown {
    const code = (error as NodeJS.ErrnoException).code
    if (!code || !['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'ENOSPC'].includes(code)) return error
    return new LakeNotWritableError(
      `cannot write to the lake at ${this.#lake} (${code}): choose a writable folder with --lake`,
      { cause: error },
    )
  }
}
