import type { KvRecord } from '../../types/records'
import type { FilesBackend } from './files'
import { DECLINED, type NamespaceBackend, type Written } from './types'

/**
 * A persisted namespace: each call goes to its files first and to workerd when the files
 * decline it, so workerd gives its own answer and its own error. A bulk write on a namespace
 * Miniflare has not created yet sends its first record through workerd, which creates the files;
 * the rest then go to the files.
 */
export function withFallback(
  files: FilesBackend,
  workerd: NamespaceBackend<never>,
): NamespaceBackend<never> {
  async function first<T>(
    answer: Promise<T | typeof DECLINED>,
    otherwise: () => Promise<T>,
  ): Promise<T> {
    const found = await answer
    return found === DECLINED ? otherwise() : found
  }
  /** The records still to write on the files, or undefined where the files stay out of reach. */
  async function createdFor(
    records: KvRecord[],
    written?: Written,
  ): Promise<KvRecord[] | undefined> {
    if (await files.opened()) return records
    if (records.length === 0) return undefined
    await workerd.putMany(records.slice(0, 1), written)
    return (await files.opened()) ? records.slice(1) : undefined
  }

  return {
    kind: 'files, then workerd',
    get: (key, read) => first(files.get(key, read), () => workerd.get(key, read)),
    getBulk: (keys, read) => workerd.getBulk(keys, read),
    put: (key, value, options) =>
      first(files.put(key, value, options), () => workerd.put(key, value, options)),
    delete: (key) => first(files.delete(key), () => workerd.delete(key)),
    list: (options) => first(files.list(options), () => workerd.list(options)),
    listDetails: (o) => first(files.listDetails(o), () => workerd.listDetails(o)),
    keys: (prefix) => first(files.keys(prefix), () => workerd.keys(prefix)),
    count: (prefix) => first(files.count(prefix), () => workerd.count(prefix)),
    find: (key) => first(files.find(key), () => workerd.find(key)),
    inspect: (key, preview) =>
      first(files.inspect(key, preview), () => workerd.inspect(key, preview)),
    dump: (prefix) => first(files.dump(prefix), () => workerd.dump(prefix)),
    stats: (prefix) => first(files.stats(prefix), () => workerd.stats(prefix)),
    deleteMany: (keys) => first(files.deleteMany(keys), () => workerd.deleteMany(keys)),
    clear: (prefix) => first(files.clear(prefix), () => workerd.clear(prefix)),
    async putMany(records, told) {
      const rest = await createdFor(records, told)
      if (!rest) return files.isOpen() ? records.length : workerd.putMany(records, told)
      const written = await first(files.putMany(rest, told), () => workerd.putMany(rest, told))
      return written + records.length - rest.length
    },
    async seed(records, mode, told) {
      // Without its files the namespace holds nothing yet: a replace has nothing to clear.
      const fresh = !(await files.opened())
      const rest = await createdFor(records, told)
      if (!rest) {
        return files.isOpen()
          ? { written: records.length, deleted: 0 }
          : workerd.seed(records, mode, told)
      }
      const next = fresh ? 'merge' : mode
      const result = await first(files.seed(rest, next, told), () => workerd.seed(rest, next, told))
      return { ...result, written: result.written + records.length - rest.length }
    },
  }
}
