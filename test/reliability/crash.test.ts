import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { createKvRuntime } from '../../src'
import { spawnCli } from './helpers/cli'
import { toState, WriteHistory } from './helpers/history'
import { scaled } from './helpers/paths'
import { createRestClient, type RestClient } from './helpers/rest'
import { childPids, type ServerChild, startServer } from './helpers/server'
import { pick, randomInt, taggedValue } from './helpers/values'

/** Server trials run in this many lanes at once, each on its own store. */
const LANES = 2
// 200 kill -9 trials a CI run: 150 of a dev server (~1.5 s each with two lanes) and 50 of CLI
// writers (~2.2 s each); KVDEV_RELIABILITY_SCALE=2 doubles both.
const SERVER_TRIALS = scaled(150)
const CLI_TRIALS = scaled(50)
const KEYS = Array.from({ length: 24 }, (_, i) => `k${String(i).padStart(2, '0')}`)
const WRITERS = 4

const roots: string[] = []
const newRoot = () => {
  const root = mkdtempSync(join(tmpdir(), 'kvdev-'))
  roots.push(root)
  return root
}
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true })
})

const totals = {
  serverTrials: 0,
  cliTrials: 0,
  acknowledged: 0,
  unacknowledged: 0,
  checkedKeys: 0,
}

/** Reads the whole store through a server's REST API and checks it against the history. */
async function verifyOverHttp(
  client: RestClient,
  history: WriteHistory,
): Promise<Map<string, string>> {
  const listed = await client.listAll()
  const values = await client.bulkGet([...new Set([...listed, ...KEYS])])
  expect(history.check(listed, values)).toEqual([])
  totals.checkedKeys += KEYS.length
  return toState(values)
}

/** Reads the whole store by opening it in this process (the restart a developer does). */
async function verifyDirect(root: string, history: WriteHistory): Promise<Map<string, string>> {
  const kv = await createKvRuntime({ root })
  try {
    const listed = (await kv.env.KV!.list()).keys.map((k) => k.name)
    const values: Record<string, string | null> = {}
    for (const key of new Set([...listed, ...KEYS])) values[key] = await kv.env.KV!.get(key)
    expect(history.check(listed, values)).toEqual([])
    totals.checkedKeys += KEYS.length
    return toState(values)
  } finally {
    await kv.dispose()
  }
}

/** One writer: random puts, deletes, bulk writes and bulk deletes until told to stop or the server dies. */
async function writer(client: RestClient, history: WriteHistory, stopped: () => boolean) {
  while (!stopped()) {
    const roll = Math.random()
    const value = () => taggedValue(randomInt(0, 1) ? randomInt(0, 2000) : randomInt(2000, 120_000))
    try {
      if (roll < 0.45) {
        const op = history.begin(pick(KEYS), value())
        await client.put(op.key, op.value!)
        history.ack(op)
      } else if (roll < 0.6) {
        const op = history.begin(pick(KEYS), null)
        await client.remove(op.key)
        history.ack(op)
      } else if (roll < 0.88) {
        const keys = [...new Set(Array.from({ length: randomInt(2, 12) }, () => pick(KEYS)))]
        const ops = keys.map((key) => history.begin(key, value()))
        await client.bulkPut(ops.map((op) => ({ key: op.key, value: op.value! })))
        for (const op of ops) history.ack(op)
      } else {
        const keys = [...new Set(Array.from({ length: randomInt(2, 6) }, () => pick(KEYS)))]
        const ops = keys.map((key) => history.begin(key, null))
        await client.bulkDelete(keys)
        for (const op of ops) history.ack(op)
      }
    } catch (error) {
      // Only a dead server may fail a write: anything else is a finding.
      if (!stopped()) throw error
      return
    }
  }
}

async function serverLane(trials: number): Promise<void> {
  const root = newRoot()
  const history = new WriteHistory()
  let server: ServerChild = await startServer(root)
  for (let trial = 0; trial < trials; trial++) {
    const client = createRestClient(server.url, server.token)
    // This server is the restart after the last kill: it opened the store past the dead
    // process's lock and server.json, and must show every acknowledged write.
    history.reset(await verifyOverHttp(client, history))
    let dead = false
    const writers = Array.from({ length: WRITERS }, () => writer(client, history, () => dead))
    await sleep(randomInt(50, 400))
    dead = true
    // The whole dev server dies, workerd included (see the orphan test below for Node alone).
    await server.killGroup()
    await Promise.all(writers)
    totals.serverTrials++
    server = await startServer(root)
  }
  const client = createRestClient(server.url, server.token)
  history.reset(await verifyOverHttp(client, history))
  await server.killGroup()
  // A last restart in this process, as a library user would open the store.
  await verifyDirect(root, history)
  history.reset(new Map())
  totals.acknowledged += history.acknowledged
  totals.unacknowledged += history.unacknowledged
}

describe('crash: kill -9 of a dev server under load', () => {
  it('loses no acknowledged write, tears no value and always restarts', async () => {
    const perLane = Math.ceil(SERVER_TRIALS / LANES)
    await Promise.all(Array.from({ length: LANES }, () => serverLane(perLane)))
    console.info(
      `[reliability] crash/server: ${totals.serverTrials} kill -9 trials, ${totals.acknowledged} acknowledged writes checked, ${totals.unacknowledged} in flight at a kill`,
    )
    expect(totals.serverTrials).toBe(perLane * LANES)
  })
})

describe('crash: kill -9 of cli processes writing directly', () => {
  it('loses no acknowledged write, tears no value and frees the store', async () => {
    const root = newRoot()
    const history = new WriteHistory()
    let acked = 0
    let killed = 0
    for (let trial = 0; trial < CLI_TRIALS; trial++) {
      // Two runs at once: the second waits on the first's lock, which a kill may leave behind.
      const runs = Array.from({ length: 2 }, () => {
        const del = Math.random() < 0.2
        const op = history.begin(pick(KEYS), del ? null : taggedValue(randomInt(0, 60_000)))
        const run = del
          ? spawnCli(root, ['delete', op.key])
          : spawnCli(root, ['set', op.key, '-'], op.value!)
        return { op, run }
      })
      const timer = setTimeout(
        () => {
          for (const { run } of runs) run.kill()
        },
        randomInt(200, 3500),
      )
      for (const { op, run } of runs) {
        const result = await run.done
        // `kvdev delete` of a missing key exits 1 "Key not found": the key is absent, as a delete leaves it.
        const missing = op.value === null && /Key not found/.test(result.stderr)
        if (result.code === 0 || missing) {
          history.ack(op)
          acked++
        } else if (result.signal === 'SIGKILL') killed++
        else throw new Error(`kvdev failed without a kill (${result.code}): ${result.stderr}`)
      }
      clearTimeout(timer)
      history.reset(await verifyDirect(root, history))
      totals.cliTrials++
    }
    expect(existsSync(join(root, '.wrangler/state/kvdev/lock'))).toBe(false)
    console.info(
      `[reliability] crash/cli: ${CLI_TRIALS} trials, ${acked} acknowledged cli writes, ${killed} killed runs`,
    )
    expect(acked + killed).toBe(CLI_TRIALS * 2)
  })
})

/**
 * kill -9 of the Node process alone: workerd is Miniflare's child and would outlive it with
 * the store open; kvdev's watchdog (src/runtime/orphan-guard.ts) ends it.
 */
describe('crash: kill -9 of the node process alone', () => {
  it('takes workerd down with it', async () => {
    const root = newRoot()
    const server = await startServer(root)
    const workerd = childPids(server.pid)
    expect(workerd.length).toBeGreaterThan(0)
    await server.kill('SIGKILL')
    // A killed process can linger as a zombie until init reaps it: it holds no files then.
    const running = () => workerd.filter((pid) => isRunning(pid))
    for (let i = 0; i < 50 && running().length > 0; i++) await sleep(100)
    const orphans = running()
    for (const pid of orphans) process.kill(pid, 'SIGKILL') // never leave one behind
    expect(orphans).toEqual([])
  })
})

function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return false
  }
}
