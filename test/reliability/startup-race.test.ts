import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { endRace, type RaceResult, raceStartup, servedCount } from '../helpers/startup-race'
import { BIN, DEV_SERVER, REPO } from './helpers/paths'

const CREATE_KV = resolve(REPO, 'test/reliability/fixtures/create-kv.mjs')

/** Each way kvdev starts Miniflare, as a process of its own: the command and what says it is up. */
const STARTS: { name: string; command: string[]; ready?: RegExp }[] = [
  {
    name: 'the plugin in a real Vite createServer',
    command: [process.execPath, DEV_SERVER, '.', '0', 'restart'],
    ready: /READY /,
  },
  {
    name: 'kvdev dev',
    command: [process.execPath, BIN, 'dev', '--port', '0'],
    ready: /http:\S+\n/,
  },
  { name: 'createKvRuntime', command: [process.execPath, CREATE_KV, '.'], ready: /READY/ },
  // A fresh project has no namespace files yet: the CLI's direct mode starts Miniflare.
  { name: 'kvdev set (direct mode)', command: [process.execPath, BIN, 'set', 'k', 'v'] },
]

describe.runIf(process.platform === 'linux')(
  'startup race on the loopback server (issue 18)',
  () => {
    const dirs: string[] = []
    afterAll(() => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
    })

    for (const start of STARTS) {
      it(`serves no request while ${start.name} starts, and no file is written`, async () => {
        const root = mkdtempSync(join(tmpdir(), 'kvdev-race-'))
        const outside = mkdtempSync(join(tmpdir(), 'kvdev-race-target-'))
        dirs.push(root, outside)
        writeFileSync(
          join(root, 'wrangler.jsonc'),
          '{ "name": "race", "kv_namespaces": [{ "binding": "KV", "id": "kv-id" }] }\n',
        )
        const target = join(outside, 'planted.txt')
        let race: RaceResult | undefined
        try {
          race = await raceStartup(start.command, {
            cwd: root,
            target,
            ready: start.ready,
            closeStdin: !start.ready,
          })
          const summary = race.ports.map((p) => ({ port: p.port, at: p.seenAtMs, ...p.outcomes }))
          const written = existsSync(target)
          console.log(
            `${start.name}: started in ${race.startMs} ms, written: ${written}`,
            JSON.stringify(summary),
          )
          // The start itself worked, and the attacker reached a server of the process.
          if (!start.ready) expect(race.exitCode, race.stderr).toBe(0)
          else expect(race.stdout).toMatch(start.ready)
          const answered = race.ports.flatMap((p) =>
            Object.keys(p.outcomes).filter((o) => /^\d+$/.test(o)),
          )
          expect(answered.length).toBeGreaterThan(0)

          expect(servedCount(race)).toBe(0)
          expect(written).toBe(false)
          expect(readdirSync(outside)).toEqual([])
        } finally {
          if (race) await endRace(race)
        }
      })
    }
  },
)
