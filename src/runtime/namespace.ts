import type { KVNamespace } from '../types/kv-namespace'
import { diskList, getDiskPut, isWellFormedKey } from './disk/binding-fast-path'
import type { DiskStore } from './disk/disk-store'
import type { CachedValue, ReadCache } from './read-cache'
import type { Transport, WorkerReply } from './transport'

const VALUE_TYPES = new Set(['text', 'json', 'arrayBuffer', 'stream'])
const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** Told of every write made through a binding, so caches and live views follow. */
export type WriteListener = (binding: string, key: string, kind: 'put' | 'delete') => void

function toError(reply: WorkerReply): Error {
  const { name = 'Error', message = 'KV operation failed' } = reply.error ?? {}
  const ErrorClass = name === 'TypeError' ? TypeError : name === 'SyntaxError' ? SyntaxError : Error
  const error = new ErrorClass(message)
  if (ErrorClass === Error && name !== 'Error') error.name = name
  return error
}

async function call(transport: Transport, header: Record<string, unknown>, body?: Uint8Array) {
  const frame = await transport.call(header, body)
  if (!frame.header.ok) throw toError(frame.header)
  return frame
}

function readOptions(options: unknown): { type: unknown; cacheTtl?: unknown } {
  if (typeof options === 'string') return { type: options }
  if (options && typeof options === 'object') {
    const { type, cacheTtl } = options as { type?: unknown; cacheTtl?: unknown }
    return { type: type ?? 'text', cacheTtl }
  }
  return { type: 'text' }
}

/** `owned`: the bytes are this read's own (not cached, not part of a frame), so they need no copy. */
function decodeValue(bytes: Uint8Array, type: unknown, owned = false): unknown {
  const whole = owned && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
  if (type === 'arrayBuffer') return whole ? bytes.buffer : bytes.slice().buffer
  if (type === 'stream') {
    return new ReadableStream({
      start(controller) {
        if (bytes.byteLength > 0) controller.enqueue(bytes.slice())
        controller.close()
      },
    })
  }
  const text = decoder.decode(bytes)
  return type === 'json' ? JSON.parse(text) : text
}

async function encodeValue(value: unknown): Promise<{ body?: Uint8Array; primitive?: unknown }> {
  if (typeof value === 'string') return { body: encoder.encode(value) }
  if (value instanceof ArrayBuffer) return { body: new Uint8Array(value) }
  if (ArrayBuffer.isView(value)) {
    return { body: new Uint8Array(value.buffer, value.byteOffset, value.byteLength) }
  }
  if (value instanceof ReadableStream) {
    return { body: new Uint8Array(await new Response(value).arrayBuffer()) }
  }
  if (value === null || value === undefined || typeof value !== 'object') {
    // The binding coerces primitives itself; hand them over untouched.
    return { primitive: typeof value === 'bigint' ? String(value) : (value ?? null) }
  }
  throw new TypeError(
    'KV put() accepts only strings, ArrayBuffers, ArrayBufferViews, and ReadableStreams as values.',
  )
}

/**
 * A Workers KV binding living in Node: each call is one message on the
 * persistent socket to the internal worker, which runs it against the real
 * binding inside workerd, so values, limits and errors are Cloudflare's own.
 * For a persisted namespace, well-formed calls go straight to its files
 * (`disk`), in the format Miniflare itself reads: no round trip to workerd.
 */
export function createNamespace(
  transport: Transport,
  binding: string,
  onWrite: WriteListener = () => {},
  cache?: ReadCache,
  disk: () => DiskStore | undefined = () => undefined,
): KVNamespace {
  async function read(
    key: string,
    type: unknown,
    cacheTtl: unknown,
  ): Promise<CachedValue & { owned?: boolean }> {
    // Only well-formed reads use the cache; anything else goes to the real binding for its error.
    const cacheable =
      cache !== undefined &&
      VALUE_TYPES.has(type as string) &&
      (cacheTtl === undefined || (Number.isInteger(cacheTtl) && (cacheTtl as number) >= 30))
    if (cacheable) {
      const hit = cache.get(binding, key)
      if (hit) return hit
    }
    const version = cache?.version(binding, key) ?? 0
    const files = VALUE_TYPES.has(type as string) && isWellFormedKey(key) ? disk() : undefined
    if (files && (cacheTtl === undefined || cacheable)) {
      const found = files.get(key)
      const value: CachedValue = found
        ? {
            bytes: found.value,
            metadata: found.entry.metadata ?? null,
            expiration: found.entry.expiration,
          }
        : { bytes: null, metadata: null }
      if (cacheable) cache.fill(binding, key, value, version)
      // A value the cache does not keep is this read's alone: a large one is handed over uncopied.
      const kept = cacheable && found !== null && cache.admits(found.value.byteLength)
      return { ...value, owned: !kept }
    }
    const wireType = VALUE_TYPES.has(type as string) ? 'arrayBuffer' : type
    const frame = await call(transport, {
      op: 'get',
      binding,
      key,
      type: wireType,
      cacheTtl,
      withExpiration: cacheable,
    })
    const { found, metadata, expiration } = frame.header as unknown as {
      found: boolean
      metadata?: unknown
      expiration?: number
    }
    const value: CachedValue = found
      ? { bytes: frame.body, metadata: metadata ?? null, expiration }
      : { bytes: null, metadata: null }
    if (cacheable) cache.fill(binding, key, value, version)
    return value
  }

  async function getOne(key: unknown, options: unknown, withMetadata: boolean) {
    const { type, cacheTtl } = readOptions(options)
    const stored = await read(String(key), type, cacheTtl)
    const value = stored.bytes ? decodeValue(stored.bytes, type, stored.owned) : null
    if (!withMetadata) return value
    return { value, metadata: stored.bytes ? stored.metadata : null, cacheStatus: null }
  }

  /** Runs a write with the cache kept exact: invalidated first, then what is stored, or nothing if it failed. */
  async function write(
    key: string,
    send: () => Promise<unknown>,
    stored: () => CachedValue | undefined,
  ) {
    cache?.beginWrite(binding, key)
    let value: CachedValue | undefined
    try {
      await send()
      value = stored()
    } finally {
      cache?.endWrite(binding, key, value)
    }
  }

  function afterPut(body: Uint8Array | undefined, options: unknown): CachedValue | undefined {
    const { expiration, expirationTtl, metadata } = (options ?? {}) as Record<string, unknown>
    // Expiring values are left to the next read, which learns the exact expiry from the store.
    if (!body || expiration !== undefined || expirationTtl !== undefined) return undefined
    return {
      bytes: body,
      metadata: metadata === undefined ? null : JSON.parse(JSON.stringify(metadata)),
    }
  }

  async function getMany(keys: unknown[], options: unknown, withMetadata: boolean) {
    const { type, cacheTtl } = readOptions(options)
    const frame = await call(transport, {
      op: 'getBulk',
      binding,
      keys: keys.map(String),
      type,
      cacheTtl,
      withMetadata,
    })
    return new Map(frame.header.entries as [string, unknown][])
  }

  const namespace = {
    get(key: unknown, options?: unknown) {
      return Array.isArray(key) ? getMany(key, options, false) : getOne(key, options, false)
    },
    getWithMetadata(key: unknown, options?: unknown) {
      return Array.isArray(key) ? getMany(key, options, true) : getOne(key, options, true)
    },
    async put(key: unknown, value: unknown, options?: unknown) {
      const { body, primitive } = await encodeValue(value)
      const name = String(key)
      const files = body ? disk() : undefined
      const direct = files && getDiskPut(name, body!, options)
      await write(
        name,
        async () =>
          direct
            ? files!.write([direct])
            : call(transport, { op: 'put', binding, key: name, options, primitive }, body),
        // The cache keeps its own copy (the caller may reuse its buffer), of values it would keep.
        () => afterPut(body && cache?.admits(body.byteLength) ? body.slice() : undefined, options),
      )
      onWrite(binding, name, 'put')
    },
    async delete(key: unknown) {
      const name = String(key)
      const files = isWellFormedKey(name) ? disk() : undefined
      await write(
        name,
        async () =>
          files ? files.delete([name]) : call(transport, { op: 'delete', binding, key: name }),
        () => ({ bytes: null, metadata: null }),
      )
      onWrite(binding, name, 'delete')
    },
    async list(options?: unknown) {
      const files = disk()
      const direct = files && diskList(files, options)
      if (direct) return direct
      const frame = await call(transport, { op: 'list', binding, options })
      return frame.header.result
    },
  }
  return namespace as unknown as KVNamespace
}
