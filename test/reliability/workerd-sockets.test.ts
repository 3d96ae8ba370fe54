import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { listeningPorts, workerdChildren } from '../helpers/listening-ports'
import { attackPorts, gotThrough } from '../helpers/socket-attack'
import { createRestClient } from './helpers/rest'
import { type ServerChild, startServer } from './helpers/server'

describe.runIf(process.platform === 'linux')(
  'workerd sockets of a running dev server (issue 11)',
  () => {
    const root = mkdtempSync(join(tmpdir(), 'kvdev-'))
    let server: ServerChild | undefined
    afterAll(async () => {
      await server?.kill('SIGTERM')
      rmSync(root, { recursive: true, force: true })
    })

    it('refuses every request to every internal port it finds, and the store is unchanged', async () => {
      server = await startServer(root, 'plugin')
      const rest = createRestClient(server.url, server.token)
      await rest.put('secret', 'the data')
      await rest.put('victim', 'still here')
      const before = await rest.listAll()

      // As an attacker on this machine finds them: the dev server's processes and their sockets.
      const workerd = workerdChildren(server.pid)
      expect(workerd.length).toBe(1)
      const internal = workerd.flatMap(listeningPorts)
      expect(internal.length).toBeGreaterThanOrEqual(2)
      const devPort = Number(new URL(server.url).port)
      const inNode = listeningPorts(server.pid).filter((port) => port !== devPort)
      expect(inNode.length).toBeGreaterThan(0)

      const results = await attackPorts([...internal, ...inNode])
      expect(results.filter(gotThrough)).toEqual([])
      expect(results.filter((r) => r.outcome !== 403 && r.outcome !== 400)).toEqual([])
      expect(results.some((r) => r.body.includes('the data'))).toBe(false)

      expect(await rest.listAll()).toEqual(before)
      expect(await rest.bulkGet(['secret', 'victim', 'planted'])).toEqual({
        secret: 'the data',
        victim: 'still here',
        planted: null,
      })
    })
  },
)
