import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { objectStoreContract } from '../../../test/contracts/object-store-contract.js'
import { FsObjectStore } from './fs.js'

objectStoreContract(
  'filesystem',
  async () => new FsObjectStore(await mkdtemp(path.join(tmpdir(), 'tunelake-fs-'))),
)
