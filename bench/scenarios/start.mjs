import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer } from '../lib/dev-server.mjs'
import { waitFor } from '../lib/http.mjs'
import { summarise } from '../lib/measure.mjs'

const BIN = join(import.meta.dirname, '../../bin/kvdev.mjs')
const HONO_NODE = join(import.meta.dirname, '../lib/hono-node.mjs')
const DEV_FIXTURE = join(import.meta.dirname, '../fixture/dev')

/** The rows of the start table, each with what it launches and the URL path it times. */
export const START_ROWS = {
  plainPage: 'Vite without kvdev: first page (`/`)',
  kvdevPage: 'Vite with `kvdev()`: first page (`/`)',
  kvdevRoute: 'Vite with `kvdev()`: first KV-backed route (`/api/ping`)',
  honoNode: 'Node + Hono’s node server: first route',
  kvdevDev: '`kvdev dev`: first KV-backed route (`/api/ping`)',
  kvdevDevVite:
    '`kvdev dev --loader vite` (routes through a Vite dev server): first KV-backed route',
}

/** From spawning a Vite server (bench/lib/serve.mjs) to the first 2xx answer on `path`. */
async function viteFirst(tool, path) {
  const dir = mkdtempSync(join(tmpdir(), `kvdev-bench-start-${tool}-`))
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
    const url = await new Promise((resolve, reject) => {
      let out = ''
      child.stdout.on('data', (d) => {
        out += d
        const line = out.split('\n').find((l) => l.startsWith('http'))
        if (line) resolve(line.trim().replace(/\/$/, ''))
      })
      child.on('exit', (code) => reject(new Error(`${args[0]} exited with ${code}: ${stderr}`)))
    })
    return await waitFor(`${url.replace('localhost', '127.0.0.1')}${path}`, startedAt)
  } finally {
    const exited = new Promise((r) => child.once('exit', r))
    if (child.exitCode === null) child.kill('SIGINT')
    await exited
  }
}

/** `kvdev dev` in bench/fixture/dev, on a fresh store, to the first answer of `/api/ping`. */
async function kvdevDevFirst(flags) {
  const dir = mkdtempSync(join(tmpdir(), 'kvdev-bench-start-dev-'))
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
 * on a loaded machine; every store is fresh (a first start, nothing to reuse).
 */
export async function run({ runs = 5 } = {}) {
  const samples = Object.fromEntries(Object.keys(START_ROWS).map((k) => [k, []]))
  const launch = {
    plainPage: () => viteFirst('plain', '/'),
    kvdevPage: () => viteFirst('kvdev', '/'),
    kvdevRoute: () => viteFirst('kvdev', '/api/ping'),
    honoNode: () => processFirst([HONO_NODE], DEV_FIXTURE, '/api/ping'),
    kvdevDev: () => kvdevDevFirst([]),
    kvdevDevVite: () => kvdevDevFirst(['--loader', 'vite']),
  }
  for (let i = 0; i < runs; i++)
    for (const [row, once] of Object.entries(launch)) samples[row].push(await once())
  return Object.fromEntries(Object.entries(samples).map(([k, s]) => [k, summarise(s)]))
}
