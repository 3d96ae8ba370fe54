import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads'
import WORKER_SOURCE from './strip.worker?bundle'
import { type Stripped, stripTypes } from './strip-types'

/** How long a module load waits for the thread before stripping in this one. */
const WAIT_MS = 10_000

type Reply = { id: number } & (Stripped | { error: string })

export interface TypeStripper {
  /** JavaScript from a TypeScript module; throws a `[kvdev]` SyntaxError naming file and line. */
  strip(source: string, file: string): string
  /** False once stripping fell back to this thread (the thread failed or did not answer). */
  readonly threaded: boolean
  close(): Promise<void>
}

/**
 * Strips types on a thread of its own, started at once: Node's stripper (a WebAssembly build of
 * swc) takes tens of milliseconds to start, which then overlap the server's own start instead of
 * delaying the first route. Module hooks are synchronous, so a load waits for the answer
 * (`Atomics.wait`); without the thread (it failed, or did not answer) it strips in this one.
 */
export function createTypeStripper(): TypeStripper {
  const flag = new Int32Array(new SharedArrayBuffer(4))
  const { port1, port2 } = new MessageChannel()
  let worker: Worker | undefined
  try {
    const url = new URL(`data:text/javascript,${encodeURIComponent(WORKER_SOURCE)}`)
    worker = new Worker(url, { workerData: { port: port2, flag }, transferList: [port2] })
    worker.unref()
    worker.on('error', () => {
      worker = undefined
    })
  } catch {
    worker = undefined
  }
  let lastId = 0
  // The thread writes the id of each reply it posted to `flag`, then wakes this one.
  const ask = (source: string, file: string): Reply | undefined => {
    const id = ++lastId
    port1.postMessage({ id, source, file })
    const deadline = Date.now() + WAIT_MS
    for (let done = Atomics.load(flag, 0); done < id; done = Atomics.load(flag, 0)) {
      const left = deadline - Date.now()
      if (left <= 0) return undefined
      Atomics.wait(flag, 0, done, left)
    }
    // Replies come in order; one left by a load that gave up waiting is skipped.
    for (let reply = receiveMessageOnPort(port1); reply; reply = receiveMessageOnPort(port1))
      if ((reply.message as Reply).id === id) return reply.message as Reply
    return undefined
  }
  const apply = ({ code, mapped }: Stripped) => {
    if (mapped) process.setSourceMapsEnabled(true)
    return code
  }
  return {
    strip(source, file) {
      const reply = worker && ask(source, file)
      if (!reply) {
        worker = undefined
        return apply(stripTypes(source, file))
      }
      if ('error' in reply) throw new SyntaxError(reply.error)
      return apply(reply)
    },
    get threaded() {
      return worker !== undefined
    },
    async close() {
      port1.close()
      await worker?.terminate()
    },
  }
}
