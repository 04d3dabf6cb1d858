import { LocalCatalog } from '../catalog/catalogs/local.js'
import { FsObjectStore } from '../lake/stores/fs.js'

export const DEFAULT_LAKE = './lake'
export const DEFAULT_DATABASE = 'tunelake'

/** The lake a command works on: `--lake`, else the config's `lake`, else ./lake. */
export function openLake(lakeOption: string | undefined, configLake?: string) {
  const store = new FsObjectStore(lakeOption ?? configLake ?? DEFAULT_LAKE)
  return { store, catalog: new LocalCatalog(store) }
}

export const LAKE_OPTION_HELP = `lake folder (default: the config's "lake", else ${DEFAULT_LAKE})`
