import { KV_LIMITS } from '../constants'
import { DEFAULT_LOCATION, type Propagation } from '../realism/propagation'
import type { PutChecks } from '../realism/put-checks'
import type { KVNamespace } from '../types/kv-namespace'
import { TRACED, type TraceScope } from '../usage/trace-scope'
import { type NamespaceBackend, VALUE_TYPES } from './backend/types'
import { createWorkerdBackend } from './backend/workerd'
import { afterPut, decodeValue, encodeValue, readOptions } from './binding-values'
import type { CachedValue, ReadCache } from './read-cache'
import { bulkFound, keyName, record, traced } from './traced-call'
import type { Transport } from './transport'

const copyMetadata = (metadata: unknown) =>
  metadata !== null && typeof metadata === 'object' ? structuredClone(metadata) : metadata
/** Told of every write made through a binding, so caches and live views follow. */
export type WriteListener = (binding: string, key: string, kind: 'put' | 'delete') => void

/**
 * A Workers KV binding living in Node: the binding's semantics, written once above the
 * storage seam (argument checks and Cloudflare's messages, value coding, the read cache,
 * realism, the trace), on the backend `backend/choose.ts` chose for the namespace. Given a
 * transport alone, every call goes to the real binding inside workerd.
 */
export function createNamespace(
  source: NamespaceBackend<never> | Transport,
  binding: string,
  onWrite: WriteListener = () => {},
  cache?: ReadCache,
  realism: () => { checks?: PutChecks; propagation?: Propagation<CachedValue> } = () => ({}),
): KVNamespace {
  const backend = 'kind' in source ? source : createWorkerdBackend(source, binding)
  // Only well-formed reads use the cache; anything else goes to the real binding for its error.
  const isCacheable = (type: unknown, cacheTtl: unknown): boolean =>
    cache !== undefined &&
    VALUE_TYPES.has(type as string) &&
    (cacheTtl === undefined ||
      (Number.isInteger(cacheTtl) && (cacheTtl as number) >= KV_LIMITS.MIN_CACHE_TTL_SECONDS))

  const fromCache = (key: string, type: unknown, cacheTtl: unknown) =>
    isCacheable(type, cacheTtl) ? cache!.get(binding, key) : undefined

  type Read = CachedValue & { owned?: boolean }
  async function read(key: string, type: unknown, cacheTtl: unknown): Promise<Read> {
    const cacheable = isCacheable(type, cacheTtl)
    if (cacheable) {
      const hit = cache!.get(binding, key)
      if (hit) return hit
    }
    const version = cache?.version(binding, key) ?? 0
    const { owned, ...value } = await backend.get(key, { type, cacheTtl, cacheable })
    if (cacheable) cache!.fill(binding, key, value, version)
    if (!owned) return value
    // A value the cache does not keep is this read's alone: a large one is handed over uncopied.
    const kept = cacheable && value.bytes !== null && cache!.admits(value.bytes.byteLength)
    return { ...value, owned: !kept }
  }

  async function getOne(
    key: unknown,
    options: unknown,
    withMetadata: boolean,
    scope: TraceScope | undefined,
  ) {
    const { type, cacheTtl } = readOptions(options)
    const name = String(key)
    const op = withMetadata ? 'getWithMetadata' : 'get'
    // The hot path: a read the memory cache answers is recorded without a clock (it does no I/O).
    const cached = scope && fromCache(name, type, cacheTtl)
    const start = scope === undefined || cached ? 0 : performance.now()
    let stored: Read
    try {
      stored = cached || (await read(name, type, cacheTtl))
      const { propagation } = realism()
      if (propagation) {
        // Propagation may hand this value to other locations' reads later: never the caller's own.
        stored = { ...stored, owned: false }
        const ttl = typeof cacheTtl === 'number' ? cacheTtl : undefined
        const location = scope?.location ?? DEFAULT_LOCATION
        stored = propagation.read(`${binding}\0${name}`, location, stored, ttl)
      }
    } catch (error) {
      if (scope)
        record(scope, { op, kind: 'read', binding, key: name }, start, { bytes: null }, error)
      throw error
    }
    if (scope) {
      const hit = stored.bytes !== null
      const bytes = stored.bytes?.byteLength ?? 0
      if (cached)
        scope.record({ op, kind: 'read', binding, key: name, hit, bytes, ms: 0, cached: true })
      else {
        const ms = performance.now() - start
        scope.record({ op, kind: 'read', binding, key: name, hit, bytes, ms })
      }
    }
    const value = stored.bytes ? decodeValue(stored.bytes, type, stored.owned) : null
    if (!withMetadata) return value
    // Metadata is the cache's own (or propagation's): each caller gets a copy it may change.
    const metadata = stored.bytes ? copyMetadata(stored.metadata) : null
    return { value, metadata, cacheStatus: null }
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

  async function getMany(
    keys: unknown[],
    options: unknown,
    withMetadata: boolean,
    scope: TraceScope | undefined,
  ) {
    const { type, cacheTtl } = readOptions(options)
    const names = keys.map(String)
    const op = withMetadata ? 'getWithMetadata' : 'get'
    return traced(
      scope,
      { op, kind: 'read', binding, key: names },
      () => backend.getBulk(names, { type, cacheTtl, withMetadata }),
      (result) => bulkFound(result, withMetadata),
    )
  }

  /** The binding's methods; with a scope, each call is recorded on it. */
  const methods = (scope?: TraceScope) => ({
    get(key: unknown, options?: unknown) {
      return Array.isArray(key)
        ? getMany(key, options, false, scope)
        : getOne(key, options, false, scope)
    },
    getWithMetadata(key: unknown, options?: unknown) {
      return Array.isArray(key)
        ? getMany(key, options, true, scope)
        : getOne(key, options, true, scope)
    },
    put(key: unknown, value: unknown, options?: unknown) {
      let bytes: number | null = null
      // biome-ignore lint/complexity/noArguments: `put(key)` and `put(key, undefined)` differ for the binding
      const given = arguments.length
      return traced(
        scope,
        { op: 'put', kind: 'write', binding, key: keyName(key) },
        async () => {
          // `put()` and `put(key)`: the binding itself says what is missing, in the words of the
          // workerd installed (Miniflare 4's and 5's differ).
          if (given < 2) return void (await backend.put(String(key), { argc: given }, undefined))
          const { body, primitive } = await encodeValue(value)
          bytes = body?.byteLength ?? null
          const name = String(key)
          const rules = realism().checks
          // A value the binding refuses is refused by it, before any production limit.
          if (rules && body) {
            rules.check(
              binding,
              name,
              body.byteLength,
              (options as { metadata?: unknown } | null)?.metadata,
            )
          }
          const { propagation } = realism()
          const before = propagation && (await read(name, 'arrayBuffer', undefined))
          await write(
            name,
            () => backend.put(name, { body, primitive }, options),
            // The cache keeps its own copy (the caller may reuse its buffer), of values it would keep.
            () =>
              afterPut(body && cache?.admits(body.byteLength) ? body.slice() : undefined, options),
          )
          if (propagation && before) {
            const metadata = (options as { metadata?: unknown } | null)?.metadata ?? null
            const after = { bytes: body ?? new Uint8Array(), metadata }
            propagation.wrote(
              `${binding}\0${name}`,
              scope?.location ?? DEFAULT_LOCATION,
              before,
              after,
            )
          }
          onWrite(binding, name, 'put')
        },
        () => ({ bytes }),
      )
    },
    delete(key: unknown) {
      return traced(
        scope,
        { op: 'delete', kind: 'delete', binding, key: keyName(key) },
        async () => {
          const name = String(key)
          const { propagation } = realism()
          const before = propagation && (await read(name, 'arrayBuffer', undefined))
          await write(
            name,
            () => backend.delete(name),
            () => ({ bytes: null, metadata: null }),
          )
          if (propagation && before) {
            const gone = { bytes: null, metadata: null }
            propagation.wrote(
              `${binding}\0${name}`,
              scope?.location ?? DEFAULT_LOCATION,
              before,
              gone,
            )
          }
          onWrite(binding, name, 'delete')
        },
      )
    },
    list(options?: unknown) {
      const prefix = (options as { prefix?: unknown } | null | undefined)?.prefix
      const key = typeof prefix === 'string' ? prefix : null
      return traced(scope, { op: 'list', kind: 'list', binding, key }, () => backend.list(options))
    },
  })
  const namespace = methods()
  // Not enumerable: the binding looks like Cloudflare's to anything that inspects it.
  Object.defineProperty(namespace, TRACED, { value: (scope: TraceScope) => methods(scope) })
  return namespace as unknown as KVNamespace
}
