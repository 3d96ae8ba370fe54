import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

// `npm run dev` and `npm test` side by side: the test's build must not break the dev server.
const REPO = resolve(import.meta.dirname, '../..')
// Every route of the playground, by GET: with kvdev's package imports, they load dist/.
const ROUTES = [
  '/api/flags',
  '/api/leaderboard',
  '/api/whoami',
  '/api/feed',
  '/api/player-state',
  '/api/players/nobody',
  '/api/saves/world-1/slot-1',
  '/api/session/me',
  '/api/kv/some-key',
  '/api/rest/kv/items/some-key',
]

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => done(port))
    })
  })
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => child.on('exit', (code) => done(code)))
}

const dirs: string[] = []
let dev: ChildProcess
let url: string
let devLog = ''

async function statuses(): Promise<Record<string, number>> {
  const entries = await Promise.all(
    ROUTES.map(async (route) => [route, (await fetch(url + route)).status] as const),
  )
  return Object.fromEntries(entries)
}

/**
 * A copy of the playground with its own store (so a developer's running `npm run dev` keeps
 * the playground's), inside the repository so `kvdev/*` resolves to this package's dist/.
 */
function copyPlayground(): string {
  mkdirSync(join(REPO, 'test/.tmp'), { recursive: true })
  const dir = mkdtempSync(join(REPO, 'test/.tmp/build-under-dev-'))
  dirs.push(dir)
  cpSync(join(REPO, 'playground'), dir, {
    recursive: true,
    filter: (path) => !path.includes('.wrangler'),
  })
  // Its tsconfig extends the repository's, two folders further up from the copy.
  writeFileSync(
    join(dir, 'tsconfig.json'),
    readFileSync(join(REPO, 'playground/tsconfig.json'), 'utf8').replace(
      '"../tsconfig.json"',
      '"../../../tsconfig.json"',
    ),
  )
  return dir
}

beforeAll(async () => {
  const dir = copyPlayground()
  const port = await freePort()
  url = `http://127.0.0.1:${port}`
  const vite = join(REPO, 'node_modules/vite/bin/vite.js')
  const args = ['--config', join(dir, 'vite.config.ts'), '--port', String(port), '--strictPort']
  dev = spawn(process.execPath, [vite, ...args, '--host', '127.0.0.1'], {
    cwd: REPO,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  dev.stdout?.on('data', (chunk) => (devLog += chunk))
  dev.stderr?.on('data', (chunk) => (devLog += chunk))
  await vi.waitFor(() => fetch(`${url}/api/flags`), { timeout: 60_000, interval: 250 })
}, 90_000)

afterAll(async () => {
  if (dev && dev.exitCode === null) {
    dev.kill('SIGTERM')
    await exited(dev)
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describe('npm run build under a running dev server (issue 18)', () => {
  it('keeps every route answering during and after the build', { timeout: 600_000 }, async () => {
    const before = await statuses()
    for (const [route, status] of Object.entries(before)) expect(status, route).toBeLessThan(500)
    const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` }
    const build = spawn('npm', ['run', 'build'], { cwd: REPO, env, stdio: 'ignore' })
    const done = exited(build)
    let finished = false
    void done.then(() => (finished = true))
    const failures: string[] = []
    while (!finished) {
      for (const [route, status] of Object.entries(await statuses()))
        if (status >= 500) failures.push(`${route} ${status} during the build`)
      await new Promise((wait) => setTimeout(wait, 100))
    }
    expect(await done).toBe(0)
    expect(await statuses()).toStrictEqual(before)
    expect(failures).toStrictEqual([])
    expect(devLog).not.toContain('Failed to load url')
  })

  it('lets the dev script start without a build when dist/ is current (issue 20)', {
    timeout: 400_000,
  }, async () => {
    const mtimes = () =>
      Object.fromEntries(
        readdirSync(join(REPO, 'dist')).map((name) => [
          name,
          statSync(join(REPO, 'dist', name)).mtimeMs,
        ]),
      )
    // Current to start with (the test above built it; run alone, this may build).
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: REPO })
    expect(build.status).toBe(0)
    const before = mtimes()
    const port = await freePort()
    // What `npm run` gives a script: this Node, and the package's bins.
    const bins = join(REPO, 'node_modules/.bin')
    const env = { ...process.env, PATH: `${bins}:${dirname(process.execPath)}:${process.env.PATH}` }
    // The dev script as package.json has it, on a copy of the playground.
    const script = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).scripts.dev
    const command = `${script.replace('playground/vite.config.ts', join(copyPlayground(), 'vite.config.ts'))} --port ${port} --strictPort --host 127.0.0.1`
    // Its own process group: the shell runs the build step, then Vite; the test stops them all.
    const npm = spawn(command, { cwd: REPO, env, shell: true, detached: true, stdio: 'pipe' })
    let output = ''
    npm.stdout?.on('data', (chunk) => (output += chunk))
    npm.stderr?.on('data', (chunk) => (output += chunk))
    try {
      await vi.waitFor(() => fetch(`http://127.0.0.1:${port}/api/flags`), {
        timeout: 90_000,
        interval: 250,
      })
    } finally {
      process.kill(-npm.pid!, 'SIGTERM')
      await exited(npm)
    }
    expect(output).toContain('[kvdev] dist/ is current: no build needed.')
    expect(mtimes()).toStrictEqual(before)
  })
})
