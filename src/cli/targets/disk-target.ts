import type { StandaloneBackend } from '../../runtime/backend/choose'
import { DECLINED, type Declined } from '../../runtime/backend/types'
import { toDiskWrite } from '../../runtime/disk/disk-writes'
import type { KvTarget } from './target'

/** The files are open for the whole run: the files backend declines no admin operation. */
async function answered<T>(answer: Promise<T | Declined>): Promise<T> {
  const found = await answer
  if (found === DECLINED)
    throw new Error("[kvdev] The namespace's files closed during the command.")
  return found
}

/**
 * Runs on the local store's files directly, under the store's lock: no workerd to
 * start, so a command answers in milliseconds. `runtime/backend/choose.ts` picks it when
 * Miniflare has created the namespace and its schema is the one this kvdev knows; otherwise
 * the CLI starts Miniflare (the direct target).
 */
export function createDiskTarget(
  chosen: Extract<StandaloneBackend<unknown>, { kind: 'files' }>,
  binding: string,
): KvTarget {
  const { backend, files: disk } = chosen
  return {
    binding,
    label: 'local',
    async list(options) {
      return disk.list(options)
    },
    async get(key) {
      const found = disk.get(key)
      if (!found) return null
      const { expiration, metadata = null } = found.entry
      return { value: found.value, metadata, ...(expiration === undefined ? {} : { expiration }) }
    },
    async put(key, value, { metadata, expiration, expiration_ttl }) {
      disk.write([toDiskWrite({ key, value, metadata, expiration, expirationTtl: expiration_ttl })])
    },
    async delete(keys) {
      await answered(backend.deleteMany(keys))
    },
    async write(records) {
      await answered(backend.putMany(records))
    },
    inspect: (key, previewBytes) => answered(backend.inspect(key, previewBytes)),
    stats: (prefix) => answered(backend.stats(prefix)),
    count: (prefix) => answered(backend.count(prefix)),
    async *dump(prefix) {
      yield* await answered(backend.dump(prefix))
    },
    async close() {
      chosen.close()
    },
  }
}
