// A plain Miniflare process writing a KV store, as another tool beside kvdev would:
// `node miniflare-writer.mjs '<json>'` with { kvPersist, namespace, op: 'put' | 'delete', key,
// value?, options? }. Exits once Miniflare is disposed.
import { Miniflare } from 'miniflare'

const { kvPersist, namespace, op, key, value, options } = JSON.parse(process.argv[2])
const mf = new Miniflare({
  modules: true,
  script: 'export default {}',
  kvNamespaces: { KV: namespace },
  kvPersist,
  cf: false,
})
try {
  const kv = await mf.getKVNamespace('KV')
  if (op === 'put') await kv.put(key, value, options)
  else await kv.delete(key)
} finally {
  await mf.dispose()
}
