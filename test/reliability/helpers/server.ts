import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { BARE_SERVER, DEV_SERVER } from './paths'

export interface ServerChild {
  child: ChildProcess
  pid: number
  url: string
  token: string
  /** Everything the child wrote to stderr so far. */
  stderr(): string
  /** Resolves with the exit code or signal once the child is gone. */
  exited: Promise<number | string | null>
  /** Sends a signal (SIGKILL by default) to the server's Node process only, then waits for its exit. */
  kill(signal?: NodeJS.Signals): Promise<number | string | null>
  /** SIGKILL to the whole process group: Node and the workerd it started die together, as in a crash of the dev server. */
  killGroup(): Promise<number | string | null>
}

/** Pids of the direct children of a process (the workerd Miniflare starts). */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .filter(Boolean)
      .map(Number)
  } catch {
    return []
  }
}

/** `bare`: kvdev's handler on node:http (fast start); `plugin`: startDevServer from dist; `vite`: a vite.config.mjs. */
export type ServerKind = 'bare' | 'plugin' | 'vite' | 'restart'

export function readServerJson(root: string): { url: string; token: string; pid: number } {
  return JSON.parse(readFileSync(join(root, '.wrangler/state/kvdev/server.json'), 'utf8'))
}

export function startServer(
  root: string,
  kind: ServerKind = 'bare',
  port = 0,
): Promise<ServerChild> {
  const args = kind === 'bare' ? [BARE_SERVER, root] : [DEV_SERVER, root, String(port), kind]
  // Its own process group, so a crash can take Node and workerd down together.
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let err = ''
  let out = ''
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk))
  const exited = new Promise<number | string | null>((done) =>
    child.once('exit', (code, signal) => done(signal ?? code)),
  )
  return new Promise((done, fail) => {
    const onExit = (code: number | string | null) =>
      fail(new Error(`server exited (${code}) before it was ready:\n${err}`))
    exited.then(onExit)
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk
      const match = /READY (\S+)/.exec(out)
      if (!match) return
      child.stdout!.removeAllListeners('data')
      child.stdout!.resume()
      const info = readServerJson(root)
      done({
        child,
        pid: child.pid!,
        url: match[1]!,
        token: info.token,
        stderr: () => err,
        exited,
        async kill(signal = 'SIGKILL') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal)
          return exited
        },
        async killGroup() {
          try {
            process.kill(-child.pid!, 'SIGKILL')
          } catch {}
          return exited
        },
      })
    })
  })
}
