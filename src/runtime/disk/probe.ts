import { randomBytes } from 'node:crypto'
import { isDeepStrictEqual } from 'node:util'
import type { GatedTransport } from '../gate'
import { createNamespace } from '../namespace'
import { type DiskStore, openDiskStore } from './disk-store'

/**
 * The probe's own namespace, bound in kvdev's internal worker only: the user's namespaces never
 * hold a probe key, so no list, clear or dump of theirs can meet one.
 */
export const PROBE_BINDING = '__KVDEV_PROBE__'
export const PROBE_NAMESPACE = '__kvdev_probe__'
const PROBE_PREFIX = 'probe:'

/**
 * Proves the files path equal to Miniflare's binding on this install before it is used: a
 * value (a byte-order mark, NUL, invalid UTF-8), metadata and an expiry written on the files
 * is read back through the binding inside workerd, one written through the binding is read
 * back from the files, and a delete through the binding is seen on the files. Returns why they
 * differ, or undefined when they agree.
 */
export async function probeFiles(
  persistRoot: string,
  transport: GatedTransport,
  open: (persistRoot: string, id: string) => DiskStore | undefined = openDiskStore,
): Promise<string | undefined> {
  // A binding with no files and no cache: every call goes to workerd.
  const kv = createNamespace(transport, PROBE_BINDING)
  const key = `${PROBE_PREFIX}${randomBytes(8).toString('hex')}`
  // The first write creates the probe namespace's files.
  await kv.put(key, '')
  const disk = open(persistRoot, PROBE_NAMESPACE)
  if (!disk) return `the probe namespace's files (${PROBE_NAMESPACE}) could not be opened`
  try {
    return await compare(disk, kv, key, transport)
  } finally {
    await transport.exclusive(() => disk.delete([key])).catch(() => {})
    disk.close()
  }
}

async function compare(
  disk: DiskStore,
  kv: ReturnType<typeof createNamespace>,
  key: string,
  transport: GatedTransport,
): Promise<string | undefined> {
  const now = Math.floor(Date.now() / 1000)
  const written = {
    value: new Uint8Array([0xef, 0xbb, 0xbf, 0x00, 0xff, 0x7b]),
    metadata: { probe: '\uFEFF\u0000😀' },
    expiration: now + 3600,
  }
  {
    await transport.exclusive(() =>
      disk.write([{ key, ...written, metadata: JSON.stringify(written.metadata) }]),
    )
    const read = await kv.getWithMetadata(key, 'arrayBuffer')
    const [listed] = (await kv.list({ prefix: key })).keys
    const seen = {
      value: read.value && new Uint8Array(read.value),
      metadata: read.metadata,
      expiration: listed?.expiration,
    }
    if (!isDeepStrictEqual(seen, written)) {
      return `a value written on the files reads back through workerd as ${JSON.stringify(seen)}`
    }
    const put = { value: new Uint8Array([0x00, 0xc3, 0x28]), metadata: ['\uFEFF'] }
    await kv.put(key, put.value, { metadata: put.metadata, expirationTtl: 7200 })
    const found = disk.get(key)
    const expiry = found?.entry.expiration ?? 0
    if (
      !found ||
      !isDeepStrictEqual(new Uint8Array(found.value), put.value) ||
      !isDeepStrictEqual(found.entry.metadata, put.metadata) ||
      Math.abs(expiry - (now + 7200)) > 60
    ) {
      return `a value written through workerd reads back from the files as ${JSON.stringify(found)}`
    }
    await kv.delete(key)
    if (disk.get(key) !== null) return 'a key deleted through workerd is still on the files'
    return undefined
  }
}
