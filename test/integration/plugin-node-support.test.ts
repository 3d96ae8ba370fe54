import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { getNodeSupportWarning } from '../../src/node-support'

const REPO = resolve(import.meta.dirname, '../..')
// The machine's own Node, when it is one kvdev does not support (Node 20 on CI images).
const OLD_NODE = ['/usr/bin/node', '/usr/local/bin/node'].find((file) => {
  const version = spawnSync(file, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout
  return version !== undefined && getNodeSupportWarning(version.trim()) !== undefined
})

// The built plugin on a real Vite dev server, started and closed in that Node.
const START_AND_CLOSE = `
import { createServer } from 'vite'
import kvdev from './dist/vite.mjs'
const server = await createServer({
  root: process.argv[1], configFile: false, plugins: [kvdev({ seed: false })],
  server: { port: 0, host: '127.0.0.1' },
})
await server.listen()
await server.close()
`

function startAndClose(node: string): { status: number | null; output: string } {
  const root = mkdtempSync(join(tmpdir(), 'kvdev-node-'))
  try {
    const result = spawnSync(node, ['--input-type=module', '-e', START_AND_CLOSE, root], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 60_000,
    })
    return { status: result.status, output: result.stdout + result.stderr }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

describe('plugin on an unsupported node (issue 20)', { timeout: 90_000 }, () => {
  it.runIf(OLD_NODE)('warns once through vite that it needs node 22.12, and still runs', () => {
    const { status, output } = startAndClose(OLD_NODE!)
    expect(status, output).toBe(0)
    const lines = output.split('\n').filter((line) => line.includes('needs Node 22.12'))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('[kvdev] Node 20.')
  })

  it('says nothing about node on a supported one', () => {
    const { status, output } = startAndClose(process.execPath)
    expect(status, output).toBe(0)
    expect(output).not.toContain('needs Node')
  })
})
