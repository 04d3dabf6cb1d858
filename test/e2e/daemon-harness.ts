import { Writable } from 'node:stream'
import { LocalCatalog } from '../../src/catalog/catalogs/local.js'
import type { Clock } from '../../src/clock.js'
import type { RunningEmulator } from '../../src/emulator/index.js'
import type { ObjectStore } from '../../src/lake/object-store.js'
import { FsObjectStore } from '../../src/lake/stores/fs.js'
import { leaseForLake } from '../../src/lease/lease-keeper.js'
import { createLogger } from '../../src/observability/logger.js'
import { Daemon, type DaemonOptions } from '../../src/pipeline/daemon/daemon.js'
import { type RunRecord, readRunRecords } from '../../src/pipeline/run-ledger.js'
import { SpotifyClient } from '../../src/spotify/spotify-client.js'
import { ClientCredentialsTokenProvider } from '../../src/spotify/token-provider.js'

export interface LogLine {
  level: string
  msg: string
  [field: string]: unknown
}

/** A JSON logger whose lines the test can read. */
export function capturedLogger() {
  const lines: LogLine[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line) as LogLine)
      done()
    },
  })
  return { logger: createLogger({ destination: stream, level: 'debug' }), lines }
}

/** A Spotify client of the emulator whose clock (token expiry, resume times) is the test's. */
export function emulatorClient(emulator: RunningEmulator, clock: Clock): SpotifyClient {
  return new SpotifyClient({
    apiBaseUrl: emulator.apiBaseUrl,
    tokens: new ClientCredentialsTokenProvider(emulator, fetch, () => clock.now()),
    now: () => clock.now(),
  })
}

/** A daemon on the lake folder `dir`, with its own store (its own events) and lease. */
export function daemonOn(
  dir: string,
  clock: Clock,
  options: Partial<DaemonOptions> & { logger: DaemonOptions['logger'] },
): { daemon: Daemon; store: ObjectStore } {
  const store = new FsObjectStore(dir)
  const lease = leaseForLake(store, { purpose: 'tunelake daemon', clock })!
  const daemon = new Daemon({
    store,
    catalog: new LocalCatalog(store),
    database: 'tunelake',
    lease,
    clock,
    reconcileIntervalMs: 24 * 3_600_000,
    crawlDebounceMs: 1_000,
    eventBatchMs: 100,
    leaseRetryMs: 50,
    ...options,
  })
  return { daemon, store }
}

/** The lake's run records, oldest first. */
export async function runsOf(store: ObjectStore): Promise<RunRecord[]> {
  return (await readRunRecords(store, 1000)).reverse()
}

/** An object-created source the test fires by hand. */
export function manualEvents() {
  const listeners = new Set<Parameters<ObjectStore['onObjectCreated']>[0]>()
  return {
    source: {
      onObjectCreated(listener: Parameters<ObjectStore['onObjectCreated']>[0]) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    },
    emit(records: readonly Parameters<Parameters<ObjectStore['onObjectCreated']>[0]>[0][]) {
      for (const record of records) for (const listener of listeners) listener(record)
    },
  }
}
