import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readServerInfo, writeServerInfo } from '../../src/http'

const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kvdev-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const info = {
  url: 'http://localhost:5173',
  base: '/__kv',
  token: 'a'.repeat(64),
  pid: process.pid,
  root: '/project',
}

describe('server info', () => {
  it('writes server.json with mode 0600 and reads it back', () => {
    const stateDir = join(tempDir(), 'state', 'kvdev')
    const written = writeServerInfo(stateDir, info)
    expect(statSync(written.path).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(written.path, 'utf8'))).toEqual(info)
    expect(readServerInfo(stateDir)).toEqual(info)
    written.remove()
    expect(readServerInfo(stateDir)).toBeUndefined()
  })

  it('gives undefined when the file is missing, unreadable or its process is dead', () => {
    const stateDir = tempDir()
    expect(readServerInfo(stateDir)).toBeUndefined()
    writeFileSync(join(stateDir, 'server.json'), '{not json')
    expect(readServerInfo(stateDir)).toBeUndefined()
    writeFileSync(join(stateDir, 'server.json'), JSON.stringify({ ...info, pid: 2 ** 22 + 12345 }))
    expect(readServerInfo(stateDir)).toBeUndefined()
    writeFileSync(join(stateDir, 'server.json'), JSON.stringify({ ...info, pid: '1' }))
    expect(readServerInfo(stateDir)).toBeUndefined()
  })

  it('does not remove a file a newer server wrote', () => {
    const stateDir = tempDir()
    const first = writeServerInfo(stateDir, info)
    writeServerInfo(stateDir, { ...info, token: 'b'.repeat(64) })
    first.remove()
    expect(readServerInfo(stateDir)?.token).toBe('b'.repeat(64))
  })
})
