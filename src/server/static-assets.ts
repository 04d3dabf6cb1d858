import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { ServerAssetsMissingError } from './errors.js'
import { SECURITY_HEADERS } from './http-io.js'

/** Where `npm run build` puts the page (from both `src/server/` and `dist/server/`). */
export const DEFAULT_ASSETS_DIR = fileURLToPath(new URL('../../dist/dashboard/assets/', import.meta.url))

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
}

interface Asset {
  type: string
  body: Buffer
  gzip: Buffer
  etag: string
}

/**
 * The built page, read into memory once: only these files are ever served, so no request path
 * reaches the file system.
 */
export class StaticAssets {
  private constructor(private readonly assets: Map<string, Asset>) {}

  static async load(dir: string = DEFAULT_ASSETS_DIR): Promise<StaticAssets> {
    let names: string[]
    try {
      names = (await readdir(dir)).filter((n) => TYPES[path.extname(n)] !== undefined)
    } catch {
      names = []
    }
    if (!names.includes('index.html')) {
      throw new ServerAssetsMissingError(
        `the dashboard page is not built (no ${path.join(dir, 'index.html')}); run npm run build`,
      )
    }
    const assets = new Map<string, Asset>()
    for (const name of names) {
      const body = await readFile(path.join(dir, name))
      const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`
      assets.set(`/${name}`, { type: TYPES[path.extname(name)]!, body, gzip: gzipSync(body), etag })
    }
    assets.set('/', assets.get('/index.html')!)
    return new StaticAssets(assets)
  }

  /** Answers GET/HEAD of a known asset; false when the path is not one. */
  serve(pathname: string, req: IncomingMessage, res: ServerResponse): boolean {
    const asset = this.assets.get(pathname)
    if (!asset) return false
    const headers: Record<string, string | number> = {
      ...SECURITY_HEADERS,
      'content-type': asset.type,
      'cache-control': 'no-cache',
      etag: asset.etag,
      vary: 'accept-encoding',
    }
    if (req.headers['if-none-match'] === asset.etag) {
      res.writeHead(304, headers).end()
      return true
    }
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
    const body = gzip ? asset.gzip : asset.body
    if (gzip) headers['content-encoding'] = 'gzip'
    headers['content-length'] = body.length
    res.writeHead(200, headers)
    res.end(req.method === 'HEAD' ? undefined : body)
    return true
  }
}
