import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import { join, relative, sep } from 'node:path'
import { KvdevError } from '../../errors'
import { BLOB_ID, getNamespaceFiles } from './miniflare-format'

/**
 * A namespace's blob files, reached only by ids of the form Miniflare writes and never
 * through a symbolic link: a row is data anyone who can write the store may have planted,
 * so its `blob_id` is checked before it becomes a path (CONTRIBUTING.md#security).
 */
export interface BlobFiles {
  /** The value, or undefined when the id is refused or no such file can be read (`why` says which). */
  read(id: string): { bytes: Uint8Array } | { why: string }
  size(id: string): { size: number } | { why: string }
  /** Writes a new blob; the directory is created (its links checked first) only when missing. */
  write(id: string, bytes: Uint8Array): void
  /** Writes several blobs (a bulk write's, before its index commit). */
  writeAll(blobs: { id: string; bytes: Uint8Array }[]): Promise<void>
  /** Removes a blob Miniflare could have written; any other id names nothing to remove. */
  remove(id: string): void
}

const NOFOLLOW = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0)

function describeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'whose file is missing'
  if (code === 'ELOOP') return 'whose file is a symbolic link'
  return `whose file cannot be read (${code ?? (error as Error).message})`
}

/**
 * `checkLinks` runs before the blobs directory is created: a directory made through a
 * symbolic link would put values outside the store.
 */
export function createBlobFiles(blobs: string, checkLinks: () => void = () => {}): BlobFiles {
  const path = (id: string) => (BLOB_ID.test(id) ? join(blobs, id) : undefined)
  function withFile<T>(id: string, work: (fd: number, size: number) => T): T | { why: string } {
    const file = path(id)
    if (!file) return { why: 'which is not a blob id Miniflare writes' }
    let fd: number
    try {
      fd = openSync(file, NOFOLLOW)
    } catch (error) {
      return { why: describeFailure(error) }
    }
    try {
      const stat = fstatSync(fd)
      if (!stat.isFile()) return { why: 'whose path is not a file' }
      return work(fd, stat.size)
    } catch (error) {
      return { why: describeFailure(error) }
    } finally {
      closeSync(fd)
    }
  }
  function write(id: string, bytes: Uint8Array) {
    // `wx`: a new id is a new file; never write through whatever already sits at its path.
    // The directory is not asked about before each write (two syscalls of a put's twenty):
    // a write that finds it missing creates it and writes again.
    const file = join(blobs, id)
    try {
      writeFileSync(file, bytes, { flag: 'wx' })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      checkLinks()
      mkdirSync(blobs, { recursive: true })
      writeFileSync(file, bytes, { flag: 'wx' })
    }
  }
  return {
    read: (id) => withFile(id, (fd) => ({ bytes: new Uint8Array(readFileSync(fd)) })),
    size(id) {
      // One lstat, not an open: stats measure every value. A link is refused as `read` refuses it.
      const file = path(id)
      if (!file) return { why: 'which is not a blob id Miniflare writes' }
      try {
        const stat = lstatSync(file)
        if (stat.isSymbolicLink()) return { why: 'whose file is a symbolic link' }
        if (!stat.isFile()) return { why: 'whose path is not a file' }
        return { size: stat.size }
      } catch (error) {
        return { why: describeFailure(error) }
      }
    },
    write,
    async writeAll(entries) {
      // One after another on the main thread: measured against four in flight through libuv's
      // pool (three round trips a file), a seed of 10,000 values was faster this way.
      for (const { id, bytes } of entries) write(id, bytes)
    },
    remove(id) {
      const file = path(id)
      if (!file) return
      try {
        unlinkSync(file)
      } catch {}
    },
  }
}

/**
 * Refuses a store where a directory between the persistence root and a namespace's files is a
 * symbolic link: Miniflare would follow it and write values outside the store.
 */
export function checkStoreLinks(persistRoot: string, namespaceId: string): void {
  const files = getNamespaceFiles(persistRoot, namespaceId)
  for (const target of [files.blobs, join(files.database, '..')]) {
    const parts = relative(persistRoot, target).split(sep)
    for (let i = 1; i <= parts.length; i++) {
      const dir = join(persistRoot, ...parts.slice(0, i))
      let link: boolean
      try {
        link = lstatSync(dir).isSymbolicLink()
      } catch {
        break
      }
      if (link) {
        throw new KvdevError(
          'ERR_RUNTIME',
          `[kvdev] The store's directory is a symbolic link: ${dir}. Values would be written outside the store; replace the link with a directory.`,
        )
      }
    }
  }
}
