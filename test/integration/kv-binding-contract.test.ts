import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe } from 'vitest'
import { createKv, type KVNamespace, type KvRuntime } from '../../src'
import { describeKvContract } from '../contract/kv-binding'

describe('kv binding contract: kvdev', () => {
  let runtime: KvRuntime
  beforeAll(async () => {
    runtime = await createKv({ persist: false })
  })
  afterAll(() => runtime.dispose())
  describeKvContract(() => runtime.env.KV!)
})

// The reference: Miniflare's own binding, reached through its Node proxy.
describe('kv binding contract: miniflare reference', () => {
  let mf: Miniflare
  let kv: KVNamespace
  beforeAll(async () => {
    mf = new Miniflare({
      modules: true,
      script: 'export default {}',
      kvNamespaces: ['KV'],
      cf: false,
    })
    kv = (await mf.getKVNamespace('KV')) as unknown as KVNamespace
  })
  afterAll(() => mf.dispose())
  describeKvContract(() => kv)
})
