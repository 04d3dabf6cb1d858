/**
 * How the Lambda handlers are bundled: one source of truth for the CDK stack (`infra/`) and
 * the bench (`src/bench/aws-bench.ts`), so the bench measures what is deployed.
 *
 * Both handlers are ES modules for the `nodejs24.x` runtime. The AWS SDK is bundled (pinned
 * by the lock file, not whatever the runtime ships). DuckDB is a native module: it cannot be
 * bundled, so the transform bundle leaves its packages external and the stack copies them,
 * exactly as installed, next to the bundle; the function's architecture is the binding's.
 */

/** esbuild's `target` for the `nodejs24.x` runtime. */
export const HANDLER_TARGET = 'node24'

/** ESM bundles still meet CommonJS code that calls `require`: give it one. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __tunelakeCreateRequire } from 'node:module';const require = __tunelakeCreateRequire(import.meta.url);"

/** The packages DuckDB loads at run time, in load order: the API, its loader, the native binary. */
export const DUCKDB_PACKAGES = [
  '@duckdb/node-api',
  '@duckdb/node-bindings',
  '@duckdb/node-bindings-linux-x64',
  'detect-libc',
] as const

/** The Lambda architecture that `@duckdb/node-bindings-linux-x64` is built for. */
export const DUCKDB_ARCHITECTURE = 'x86_64'

export interface HandlerBundle {
  /** The entry file, relative to the repository root. */
  readonly entry: string
  /** Packages left out of the bundle (resolved at run time from the function's node_modules). */
  readonly external: readonly string[]
}

export const HANDLER_BUNDLES = {
  extract: { entry: 'src/aws/extract-handler.ts', external: [] },
  transform: { entry: 'src/aws/transform-handler.ts', external: DUCKDB_PACKAGES },
  enrich: { entry: 'src/aws/enrich-handler.ts', external: DUCKDB_PACKAGES },
} as const satisfies Record<string, HandlerBundle>

export type HandlerName = keyof typeof HANDLER_BUNDLES
