import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer } from '../lib/dev-server.mjs'
import { firstUrl } from '../lib/first-url.mjs'
import { waitFor } from '../lib/http.mjs'
import { summarise } from '../lib/measure.mjs'

const BIN = join(import.meta.dirname, '../../bin/kvdev.mjs')
const HONO_NODE = join(import.meta.dirname, '../lib/hono-node.mjs')
const DEV_FIXTURE = join(import.meta.dirname, '../fixture/dev')
const LIBRARY = join(import.meta.dirname, '../../dist/index.mjs')

/** The rows of the start table, each with what it launches and the URL path it times. */
export const START_ROWS = {
  plainPage: 'Vite without kvdev: first page (`/`)',
  kvdevPage: 'Vite with `kvdev()`: first page (`/`)',
  kvdevRoute: 'Vite with `kvdev()`: first KV-backed route (`/api/ping`), fresh store',
  kvdevRouteCreated:
    'Vite with `kvdev()`: first KV-backed route (`/api/ping`), store already created',
  honoNode: 'Node + Hono’s node server: first route',
  kvdevDev: '`kvdev dev`: first KV-backed route (`/api/ping`), fresh store',
  kvdevDevCreated: '`kvdev dev`: first KV-backed route (`/api/ping`), store already created',
  kvdevDevVite:
    '`kvdev dev --loader vite` (routes through a Vite dev server): first KV-backed route, store already created',
}

/**
 * A store as every start after the first finds it: the namespace created by Miniflare, a key
 * written, and the probe's record left by that first start. Made by the library, untimed.
 */
async function createdStore(tool) {
  const dir = mkdtempSync(join(tmpdir(), `kvdev-bench-start-${tool}-created-`))
  const { createKvRuntime } = await import(LIBRARY)
  const runtime = await createKvRuntime({
    bindings: [{ binding: 'KV', id: 'bench' }],
    persist: dir,
  })
  await runtime.env.KV.put('hot', JSON.stringify({ score: 1 }))
  await runtime.dispose()
  return dir
}

/** From spawning a Vite server (bench/lib/serve.mjs) to the first 2xx answer on `path`. */
async function viteFirst(tool, path, { created = false } = {}) {
  const dir = created
    ? await createdStore(tool)
    : mkdtempSync(join(tmpdir(), `kvdev-bench-start-${tool}-`))
  const server = startServer(tool, { persist: dir })
  try {
    const url = await server.ready
    return await waitFor(`${url}${path}`, server.startedAt)
  } finally {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** From spawning `node …args` in `cwd` to the first 2xx on `path` of the URL it prints first. */
async function processFirst(args, cwd, path) {
  const startedAt = performance.now()
  // stdin stays open: `kvdev dev` (Vite) closes when its stdin ends.
  const child = spawn(process.execPath, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d) => {
    stderr += d
  })
  try {
    const url = await firstUrl(child, () => stderr, { name: args[0] })
    return await waitFor(`${url.replace('localhost', '127.0.0.1')}${path}`, startedAt)
  } finally {
    const exited = new Promise((r) => child.once('exit', r))
    if (child.exitCode === null) child.kill('SIGINT')
    await exited
  }
}

/** `kvdev dev` from launch to its first KV-backed answer, on a fresh store or a created one. */
async function devFirst(created, flags = []) {
  const dir = created
    ? await createdStore('dev')
    : mkdtempSync(join(tmpdir(), 'kvdev-bench-start-dev-'))
  try {
    const args = [BIN, 'dev', '--port', '0', '--persist-to', dir, ...flags]
    return await processFirst(args, DEV_FIXTURE, '/api/ping')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Start, measured as a user feels it: from launching the process to the first useful answer.
 * Each round runs every row once, in turn (a, b, c, a, b, c…), so the ratios between rows hold
 * on a loaded machine. A fresh store is a first start (workerd creates the namespace); a store
 * already created is every later one (the files answer before workerd is up).
 */
export async function run({ runs = 5 } = {}) {
  const samples = Object.fromEntries(Object.keys(START_ROWS).map((k) => [k, []]))
  const launch = {
    plainPage: () => viteFirst('plain', '/'),
    kvdevPage: () => viteFirst('kvdev', '/'),
    kvdevRoute: () => viteFirst('kvdev', '/api/ping'),
    kvdevRouteCreated: () => viteFirst('kvdev', '/api/ping', { created: true }),
    honoNode: () => processFirst([HONO_NODE], DEV_FIXTURE, '/api/ping'),
    kvdevDev: () => devFirst(false),
    kvdevDevCreated: () => devFirst(true),
    kvdevDevVite: () => devFirst(true, ['--loader', 'vite']),
  }
  for (let i = 0; i < runs; i++)
    for (const [row, once] of Object.entries(launch)) samples[row].push(await once())
  return Object.fromEntries(Object.entries(samples).map(([k, s]) => [k, summarise(s)]))
}
