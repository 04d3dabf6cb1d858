import type { ApiMode } from '../spotify/api-mode.js'
import type { SyntheticCatalog } from './catalog.js'
import { CatalogRenderer } from './render-catalog.js'

/**
 * The mutable state one running emulator serves from: the catalog, the API mode and the simulated
 * day (both changeable while running), and the base URL its paging links point at.
 */
export class EmulatorState {
  private readonly renderers = new Map<ApiMode, CatalogRenderer>()
  apiBaseUrl = ''

  constructor(
    readonly catalog: SyntheticCatalog,
    public mode: ApiMode,
    public day: string,
  ) {}

  get extended(): boolean {
    return this.mode === 'extended'
  }

  /** The renderer of the current mode (cached per mode, so rendered tracks are reused). */
  renderer(): CatalogRenderer {
    let renderer = this.renderers.get(this.mode)
    if (!renderer) {
      renderer = new CatalogRenderer(this.catalog, this.mode, this.apiBaseUrl)
      this.renderers.set(this.mode, renderer)
    }
    return renderer
  }
}
