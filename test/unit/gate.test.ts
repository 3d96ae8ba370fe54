import { describe, expect, it } from 'vitest'
import { createGate } from '../../src/runtime/gate'
import type { Transport } from '../../src/runtime/transport'

/** A transport whose calls finish when the test says so, recording the order of events. */
function createManualTransport(log: string[]) {
  const finish: (() => void)[] = []
  const transport: Transport = {
    call(header) {
      log.push(`start ${header.op}`)
      return new Promise((resolve) => {
        finish.push(() => {
          log.push(`end ${header.op}`)
          resolve({ header: { id: 0, ok: true }, body: new Uint8Array() })
        })
      })
    },
    restart: (work) => work(),
    close: async () => {},
  }
  return {
    transport,
    finishAll: () => {
      for (const f of finish.splice(0)) f()
    },
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5))

describe('gate', () => {
  it('holds calls made during exclusive work until it ends', async () => {
    const log: string[] = []
    const { transport, finishAll } = createManualTransport(log)
    const gate = createGate(transport)
    let release!: () => void
    const work = gate.exclusive(
      () =>
        new Promise<void>((resolve) => {
          log.push('work')
          release = resolve
        }),
    )
    const call = gate.call({ op: 'put' })
    await tick()
    expect(log).toEqual(['work'])
    release()
    await work
    await tick()
    finishAll()
    await call
    expect(log).toEqual(['work', 'start put', 'end put'])
  })

  it('starts exclusive work only once calls in flight have ended', async () => {
    const log: string[] = []
    const { transport, finishAll } = createManualTransport(log)
    const gate = createGate(transport)
    const call = gate.call({ op: 'get' })
    const work = gate.exclusive(() => log.push('work'))
    await tick()
    expect(log).toEqual(['start get'])
    finishAll()
    await Promise.all([call, work])
    expect(log).toEqual(['start get', 'end get', 'work'])
  })

  // Issue 21: before workerd is up, the files answer; their writes must not wait for its start.
  it('runs exclusive work while a call waits for workerd to start, then sends the call', async () => {
    const log: string[] = []
    const { transport, finishAll } = createManualTransport(log)
    let up!: () => void
    const starting = new Promise<void>((resolve) => {
      up = resolve
    })
    const gate = createGate({ ...transport, ready: () => starting })
    const call = gate.call({ op: 'getBulk' })
    await gate.exclusive(() => log.push('write on the files'))
    expect(log).toEqual(['write on the files'])
    up()
    await tick()
    finishAll()
    await call
    expect(log).toEqual(['write on the files', 'start getBulk', 'end getBulk'])
  })

  it('holds a call that found workerd up while exclusive work runs', async () => {
    const log: string[] = []
    const { transport, finishAll } = createManualTransport(log)
    let up!: () => void
    const starting = new Promise<void>((resolve) => {
      up = resolve
    })
    const gate = createGate({ ...transport, ready: () => starting })
    const call = gate.call({ op: 'get' })
    let release!: () => void
    const work = gate.exclusive(
      () =>
        new Promise<void>((resolve) => {
          log.push('work')
          release = resolve
        }),
    )
    up()
    await tick()
    expect(log).toEqual(['work'])
    release()
    await work
    await tick()
    finishAll()
    await call
    expect(log).toEqual(['work', 'start get', 'end get'])
  })
})
