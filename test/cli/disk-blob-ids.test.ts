import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { getNamespaceFiles } from '../../src/runtime/disk/miniflare-format'
import { createProject, runKvdev } from './helpers'

// With no workerd to start, the commands run on the store's files.
const NO_WORKERD = { MINIFLARE_WORKERD_PATH: '/bin/false' }

/**
 * Issue 18 (item 2): a row planted with node:sqlite whose blob id climbs out of the blobs
 * directory. The CLI on the store's files reads, deletes and overwrites nothing outside it.
 */
describe('cli on a store with a planted blob id (issue 18)', () => {
  let project: ReturnType<typeof createProject>
  let secret: string
  const kv = (args: string[]) => runKvdev(project.root, args, { env: NO_WORKERD })
  function plant(key: string) {
    const files = getNamespaceFiles(join(project.root, '.wrangler', 'state'), 'kv-id')
    const db = new DatabaseSync(files.database)
    try {
      db.prepare(
        'INSERT OR REPLACE INTO _mf_entries (key, blob_id, expiration, metadata) VALUES (?, ?, NULL, NULL)',
      ).run(key, relative(files.blobs, secret))
    } finally {
      db.close()
    }
  }
  beforeAll(async () => {
    project = createProject()
    mkdirSync(join(project.root, 'elsewhere'))
    secret = join(project.root, 'elsewhere', 'secret.txt')
    // The first write creates the namespace's files: that one needs Miniflare.
    const first = await runKvdev(project.root, ['set', 'created', '1'])
    expect(first.code, first.stderr).toBe(0)
  })
  afterAll(() => project.cleanup())
  beforeEach(() => {
    writeFileSync(secret, 'secret')
    plant('planted')
  })

  it('gets and inspects the planted key as missing and names the file holding the row', async () => {
    const got = await kv(['get', 'planted'])
    expect(got.code).toBe(1)
    expect(got.out).not.toContain('secret')
    expect(got.stderr).toContain('corrupt row in')
    const { database } = getNamespaceFiles(join(project.root, '.wrangler', 'state'), 'kv-id')
    expect(got.stderr).toContain(database)
    const inspected = await kv(['inspect', 'planted'])
    expect(inspected.out).not.toContain('secret')
  })

  it('deletes and overwrites the planted key without touching the outside file', async () => {
    expect((await kv(['delete', 'planted'])).out).not.toContain('secret')
    expect(readFileSync(secret, 'utf8')).toBe('secret')
    plant('planted')
    const set = await kv(['set', 'planted', 'new'])
    expect(set.code, set.stderr).toBe(0)
    expect((await kv(['get', 'planted'])).out).toBe('new')
    expect(readFileSync(secret, 'utf8')).toBe('secret')
  })
})
