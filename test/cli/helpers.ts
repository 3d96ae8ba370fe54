import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createKvRuntime, type KvRuntime } from '../../src'
import {
  createConnectMiddleware,
  createKvdevHandler,
  createToken,
  writeServerInfo,
} from '../../src/http'
import { createPersonas } from '../../src/users/personas'

export const BIN = resolve(import.meta.dirname, '../../bin/kvdev.mjs')

export const WRANGLER_CONFIG = `{
  // Two bindings: commands use the first unless --binding names another.
  "name": "game",
  "kv_namespaces": [
    { "binding": "KV", "id": "kv-id" },
    { "binding": "CACHE", "id": "cache-id" },
  ],
}
`

/** A temp project with a wrangler.jsonc; `cleanup()` removes it. */
export function createProject(): { root: string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), 'kvdev-'))
  writeFileSync(join(root, 'wrangler.jsonc'), WRANGLER_CONFIG)
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) }
}

export interface CliResult {
  code: number | null
  stdout: Buffer
  stderr: string
  /** stdout as UTF-8. */
  out: string
}

export interface RunOptions {
  input?: string | Uint8Array
  env?: Record<string, string | undefined>
  /** Called once the process is spawned (to signal it). */
  onSpawn?(pid: number): void
}

/** Runs the built bin in `cwd`, with pipes for stdin, stdout and stderr (so none is a terminal). */
export function runKvdev(
  cwd: string,
  args: string[],
  options: RunOptions = {},
): Promise<CliResult> {
  return runCommand(process.execPath, [BIN, ...args], cwd, options)
}

function runCommand(
  file: string,
  args: string[],
  cwd: string,
  options: RunOptions,
): Promise<CliResult> {
  return new Promise((done, fail) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env }
    for (const [name, value] of Object.entries(options.env ?? {}))
      if (value === undefined) delete env[name]
    const child = spawn(file, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] })
    options.onSpawn?.(child.pid!)
    const stdout: Buffer[] = []
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
    child.on('error', fail)
    child.on('close', (code) => {
      const bytes = Buffer.concat(stdout)
      done({ code, stdout: bytes, stderr, out: bytes.toString('utf8') })
    })
    child.stdin.end(options.input ?? '')
  })
}

export interface TestServer {
  url: string
  token: string
  runtime: KvRuntime
  /** Every request the server received, as `METHOD /path` (no query string). */
  requests: string[]
  close(): Promise<void>
}

/**
 * A dev server as `kvdev dev` and the Vite plugin run it, minus Vite: the runtime owns
 * the store, kvdev's handler serves `/__kv`, and server.json tells the CLI where it is.
 */
export async function startTestServer(root: string): Promise<TestServer> {
  const runtime = await createKvRuntime({ root, role: 'server' })
  const token = createToken()
  const base = '/__kv'
  const handler = createKvdevHandler({
    runtime,
    token,
    base,
    personas: createPersonas(undefined),
    root,
  })
  const middleware = createConnectMiddleware(handler)
  const requests: string[] = []
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${(req.url ?? '').split('?', 1)[0]}`)
    middleware(req, res, () => res.writeHead(404).end())
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const info = writeServerInfo(runtime.stateDir!, { url, base, token, pid: process.pid, root })
  return {
    url,
    token,
    runtime,
    requests,
    async close() {
      info.remove()
      server.closeAllConnections()
      await new Promise((done) => server.close(done))
      await runtime.dispose()
    },
  }
}

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`

/** True when util-linux `script` can give the CLI a pseudo-terminal. */
export const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0

/**
 * Runs the built bin on a pseudo-terminal (util-linux `script`), so stdin, stdout and
 * stderr are all terminals; `input` is typed into it. Output is stdout and stderr merged.
 */
export function runInTerminal(
  cwd: string,
  args: string[],
  options: RunOptions = {},
): Promise<CliResult> {
  const command = [process.execPath, BIN, ...args].map(quote).join(' ')
  return runCommand('script', ['-qec', command, '/dev/null'], cwd, options)
}

export interface DevProcess {
  /** The URL `kvdev dev` printed on its first stdout line. */
  url: string
  stderr(): string
  /** Sends SIGINT and resolves with the exit code. */
  stop(): Promise<number | null>
}

/** Spawns `kvdev dev --port 0 …args` in `cwd` and resolves once it prints its URL. */
export async function startKvdevDev(cwd: string, args: string[] = []): Promise<DevProcess> {
  // stdin stays open: Vite closes a server whose stdin ends.
  const child = spawn(process.execPath, [BIN, 'dev', '--port', '0', ...args], {
    cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
  const url = await new Promise<string>((done, fail) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      if (stdout.includes('\n')) done(stdout.trim())
    })
    child.on('exit', () => fail(new Error(`kvdev dev exited early: ${stderr}`)))
  })
  return {
    url,
    stderr: () => stderr,
    stop() {
      child.kill('SIGINT')
      return exited
    },
  }
}
