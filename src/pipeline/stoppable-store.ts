import { RAW_PREFIX } from '../lake/layout.js'
import type { ObjectStore } from '../lake/object-store.js'
import { RunInterruptedError } from './run-ledger.js'

/** The store with some methods replaced; everything else goes to the store itself. */
function override(store: ObjectStore, methods: Partial<ObjectStore>): ObjectStore {
  return new Proxy(store, {
    get(target, property) {
      if (Object.hasOwn(methods, property)) return methods[property as keyof ObjectStore]
      const value = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

/**
 * A view of the store for a run that may be asked to stop: once `signal` aborts, writes of new
 * raw objects are refused (the extraction ends with RunInterruptedError), while writes already
 * under way finish; `idle()` resolves when none is under way, so the process can exit without
 * leaving anything half written.
 */
export function stoppableStore(
  store: ObjectStore,
  signal: AbortSignal | undefined,
): { store: ObjectStore; idle(): Promise<void> } {
  let inFlight = 0
  let waiters: (() => void)[] = []
  const put: ObjectStore['put'] = async (key, body) => {
    if (signal?.aborted && key.startsWith(RAW_PREFIX)) {
      throw new RunInterruptedError(`the run was stopped before it wrote ${key}`)
    }
    inFlight++
    try {
      return await store.put(key, body)
    } finally {
      inFlight--
      if (inFlight === 0) {
        for (const wake of waiters) wake()
        waiters = []
      }
    }
  }
  return {
    store: override(store, { put }),
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
  }
}
