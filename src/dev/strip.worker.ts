import { type MessagePort, workerData } from 'node:worker_threads'
import { stripTypes } from './strip-types'

// The thread that strips types for `kvdev dev` (strip-thread.ts): Node's stripper takes tens of
// milliseconds to start, and here it starts while the main thread opens the server and the store.
const { port, flag } = workerData as { port: MessagePort; flag: Int32Array }

stripTypes('', 'warm-up.ts')

port.on('message', ({ id, source, file }: { id: number; source: string; file: string }) => {
  try {
    port.postMessage({ id, ...stripTypes(source, file) })
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? error.message : String(error) })
  }
  Atomics.store(flag, 0, id)
  Atomics.notify(flag, 0)
})
