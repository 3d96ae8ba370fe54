import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { treeRssMiB } from './processes.mjs'

export const TOOLS = {
  kvdev: 'kvdev plugin',
  hono: '@hono/vite-dev-server + cloudflare adapter',
  cloudflare: '@cloudflare/vite-plugin',
}
const SERVE = join(import.meta.dirname, 'serve.mjs')

/**
 * Starts one tool's Vite dev server in a child process. Every tool runs on the Node running the
 * bench (kvdev and @cloudflare/vite-plugin need Node 22.12 or later), and one Node for all keeps
 * the comparison fair.
 */
export function startServer(tool, { persist, timeoutMs = 120_000, nodeArgs = [] } = {}) {
  const startedAt = performance.now()
  const child = spawn(process.execPath, [...nodeArgs, SERVE, tool], {
    env: {
      ...process.env,
      BENCH_PERSIST: persist ?? '',
      WRANGLER_SEND_METRICS: 'false',
      CI: 'true',
      NO_COLOR: '1',
    },
    cwd: join(import.meta.dirname, '../fixture'),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (d) => {
    stderr += d
  })
  const ready = new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(
      () => reject(new Error(`${tool} server did not start: ${stderr}`)),
      timeoutMs,
    )
    child.stdout.on('data', (d) => {
      out += d
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line) {
        clearTimeout(timer)
        resolve(JSON.parse(line).url)
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${tool} server exited with ${code}: ${stderr}`))
    })
  })
  return {
    child,
    startedAt,
    ready,
    rssMiB: () => treeRssMiB(child.pid),
    stderr: () => stderr,
    async close() {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** Starts a server, runs `fn(url, server)`, and always stops it. */
export async function withServer(tool, options, fn) {
  const server = startServer(tool, options)
  try {
    const url = await server.ready
    return await fn(url, server)
  } finally {
    await server.close()
  }
}
