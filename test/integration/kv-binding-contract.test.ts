import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe } from 'vitest'
import { createKvRuntime, type KvRuntime } from '../../src'
import { describeKvContract } from '../contract/kv-binding'
import { startReferenceKv } from '../helpers/reference-kv'

describe('kv binding contract: kvdev', () => {
  let runtime: KvRuntime
  beforeAll(async () => {
    runtime = await createKvRuntime({ persist: false })
  })
  afterAll(() => runtime.dispose())
  describeKvContract(() => runtime.env.KV!)
})

// Persisted, well-formed calls run on the namespace's files instead of through workerd.
describe('kv binding contract: kvdev persisted', () => {
  let runtime: KvRuntime
  let root: string
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kvdev-contract-'))
    runtime = await createKvRuntime({ root, bindings: ['KV'] })
    // The first write creates the namespace's files; the contract runs on them.
    await runtime.env.KV!.put('created', '1')
    await runtime.env.KV!.delete('created')
  })
  afterAll(async () => {
    await runtime.dispose()
    rmSync(root, { recursive: true, force: true })
  })
  describeKvContract(() => runtime.env.KV!)
})

// The reference: Miniflare's own binding, reached through its Node proxy.
describe('kv binding contract: miniflare reference', () => {
  let reference: Awaited<ReturnType<typeof startReferenceKv>>
  beforeAll(async () => {
    reference = await startReferenceKv()
  })
  afterAll(() => reference.dispose())
  describeKvContract(() => reference.kv)
})
