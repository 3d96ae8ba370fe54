import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createKvRuntime } from '../../src'
import { spawnCli } from './helpers/cli'
import { WriteHistory } from './helpers/history'
import { ROUTES_FIXTURE, scaled } from './helpers/paths'
import { createRestClient } from './helpers/rest'
import { type ServerChild, startServer } from './helpers/server'
import { pick, randomInt, taggedValue } from './helpers/values'

const OPERATIONS = scaled(2400)
const KEYS = Array.from({ length: 16 }, (_, i) => `shared:${i}`)

describe('concurrency: eight writers on one store', () => {
  const root = mkdtempSync(join(tmpdir(), 'kvdev-'))
  cpSync(ROUTES_FIXTURE, root, { recursive: true })
  let server: ServerChild | undefined
  afterAll(async () => {
    await server?.kill('SIGTERM')
    rmSync(root, { recursive: true, force: true })
  })

  it('fails no write and ends in a state one serial order explains', async () => {
    server = await startServer(root, 'plugin')
    const { url, token } = server
    const rest = createRestClient(url, token)
    const history = new WriteHistory()
    let issued = 0
    const failures: string[] = []
    const take = () => (issued < OPERATIONS ? ++issued : 0)
    const value = (who: string) => taggedValue(randomInt(0, 4000), who)

    const restWriter = async (who: string) => {
      while (take()) {
        const op = history.begin(pick(KEYS), Math.random() < 0.2 ? null : value(who))
        try {
          if (op.value === null) await rest.remove(op.key)
          else await rest.put(op.key, op.value)
          history.ack(op)
        } catch (error) {
          failures.push(`${who}: ${(error as Error).message}`)
        }
      }
    }
    const routeWriter = async (who: string) => {
      while (take()) {
        const op = history.begin(pick(KEYS), Math.random() < 0.2 ? null : value(who))
        const response = await fetch(`${url}/api/write`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(
            op.value === null ? { key: op.key, delete: true } : { key: op.key, value: op.value },
          ),
        })
        const text = await response.text()
        if (response.ok) history.ack(op)
        else failures.push(`${who}: ${response.status} ${text.slice(0, 200)}`)
      }
    }
    // CLI runs find the server through server.json and write through it.
    const cliWriter = async (who: string) => {
      while (take()) {
        const op = history.begin(pick(KEYS), Math.random() < 0.2 ? null : value(who))
        const run =
          op.value === null
            ? spawnCli(root, ['delete', op.key])
            : spawnCli(root, ['set', op.key, '-'], op.value)
        const result = await run.done
        // `kvdev delete` of a missing key exits 1 "Key not found": the key is absent, as a delete leaves it.
        const missing = op.value === null && /Key not found/.test(result.stderr)
        if ((result.code === 0 && result.stderr.includes('dev server')) || missing) history.ack(op)
        else failures.push(`${who}: exit ${result.code} ${result.stderr.slice(0, 300)}`)
      }
    }
    await Promise.all([
      restWriter('rest-1'),
      restWriter('rest-2'),
      restWriter('rest-3'),
      routeWriter('route-1'),
      routeWriter('route-2'),
      routeWriter('route-3'),
      cliWriter('cli-1'),
      cliWriter('cli-2'),
    ])
    expect(failures).toEqual([])
    const listed = await rest.listAll()
    const values = await rest.bulkGet([...new Set([...listed, ...KEYS])])
    expect(history.check(listed, values)).toEqual([])
    history.reset(new Map())
    console.info(
      `[reliability] concurrency: ${history.acknowledged} acknowledged writes by 8 writers, 0 failed`,
    )
    expect(history.acknowledged).toBe(OPERATIONS)

    // A second dev server on the same store refuses, and leaves it as it was.
    const second = await startServer(root, 'bare').then(
      (s) => s.kill().then(() => 'started'),
      (error: Error) => error.message,
    )
    expect(second).toMatch(/ERR_LOCKED/)
    expect(second).toMatch(/in use by a kvdev dev server \(pid \d+\)/)
    const after = await rest.bulkGet([...new Set([...listed, ...KEYS])])
    expect(after).toEqual(values)
    await server.kill('SIGTERM')
    server = undefined
    const kv = await createKvRuntime({ root })
    try {
      for (const key of KEYS) expect(await kv.env.KV!.get(key)).toBe(values[key] ?? null)
    } finally {
      await kv.dispose()
    }
  })
})
