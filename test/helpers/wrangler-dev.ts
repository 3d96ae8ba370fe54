import { type ChildProcess, spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { getFreePort } from './free-port'

const WRANGLER = resolve(import.meta.dirname, '../../node_modules/wrangler/bin/wrangler.js')

export interface WranglerDev {
  url: string
  output(): string
  close(): Promise<void>
}

/**
 * Runs `wrangler dev` (the pinned wrangler, on Node 22) in `cwd`: wrangler bundles the
 * worker's `main` with its own esbuild and serves it in workerd. Resolves once it is ready.
 */
export async function startWranglerDev(cwd: string, persistTo: string): Promise<WranglerDev> {
  const port = await getFreePort()
  const inspector = await getFreePort()
  const child: ChildProcess = spawn(
    process.execPath,
    [
      WRANGLER,
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--inspector-port',
      String(inspector),
      '--persist-to',
      persistTo,
      '--show-interactive-dev-session=false',
    ],
    {
      cwd,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  const url = `http://127.0.0.1:${port}`
  await new Promise<void>((done, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk
      if (output.includes('Ready on')) done()
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => fail(new Error(`wrangler dev exited with ${code}:\n${output}`)))
  })
  return {
    url,
    output: () => output,
    close: () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done()
        child.once('exit', () => done())
        child.kill('SIGTERM')
      }),
  }
}
