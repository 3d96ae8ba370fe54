import type { Transport } from './transport'

export interface GatedTransport extends Transport {
  /**
   * Runs `work` with no call to workerd in flight: calls made meanwhile wait for it.
   * Writes straight to the store's files use it, so that they never meet a write of
   * workerd's own on the SQLite file (that would fail with SQLITE_BUSY).
   */
  exclusive<T>(work: () => T | Promise<T>): Promise<T>
}

/**
 * Holds calls to workerd at one gate: `exclusive` work (writes on the store's files, a
 * Miniflare reconfiguration) starts once the calls in flight have answered, and calls
 * made meanwhile wait for it.
 */
export function createGate(transport: Transport): GatedTransport {
  let inFlight = 0
  let drained: (() => void) | undefined
  let closedGate: Promise<void> | undefined

  async function exclusive<T>(work: () => T | Promise<T>): Promise<T> {
    while (closedGate) await closedGate
    let open!: () => void
    closedGate = new Promise((resolve) => {
      open = resolve
    })
    try {
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve))
      drained = undefined
      return await work()
    } finally {
      closedGate = undefined
      open()
    }
  }

  return {
    async call(header, body) {
      while (closedGate) await closedGate
      // A call waiting for workerd to start is not in flight: work on the files goes on meanwhile.
      if (transport.ready) {
        await transport.ready()
        while (closedGate) await closedGate
      }
      inFlight++
      try {
        return await transport.call(header, body)
      } finally {
        inFlight--
        if (inFlight === 0) drained?.()
      }
    },
    // A reconfiguration is exclusive work too: workerd restarts with no call in flight.
    restart: (work) => exclusive(() => transport.restart(work)),
    close: () => transport.close(),
    ready: () => transport.ready?.() ?? Promise.resolve(),
    exclusive,
  }
}
