import type { KvRuntime } from '../../../src'

/** What the model holds per key; `expiration` is a range while a TTL's base second is unknown. */
export interface ModelEntry {
  value: string
  metadata?: unknown
  expiration?: { min: number; max: number }
}

/** A command on a KV namespace, as data so fast-check can generate and shrink it. */
export type KvCommand =
  | {
      kind: 'put'
      key: string
      value: string
      metadata?: unknown
      expiration?: number
      ttl?: number
    }
  | { kind: 'get'; key: string }
  | { kind: 'delete'; key: string }
  | { kind: 'list'; prefix: string; limit: number }
  | {
      kind: 'bulkWrite'
      records: { key: string; value: string; metadata?: unknown; expiration?: number }[]
    }
  | { kind: 'bulkDelete'; keys: string[] }
  | { kind: 'restart' }

const seconds = () => Math.floor(Date.now() / 1000)

/**
 * Runs one command on the real namespace and on the model and throws on any divergence
 * (value, metadata, expiration, list pages). `restart` needs `reopen`.
 */
export async function runCommand(
  command: KvCommand,
  model: Map<string, ModelEntry>,
  kv: KvRuntime,
  reopen?: () => Promise<KvRuntime>,
): Promise<KvRuntime> {
  const ns = kv.env.KV!
  const fail = (what: string, real: unknown, expected: unknown) => {
    throw new Error(
      `${command.kind} diverged on ${what}: real ${JSON.stringify(real)}, model ${JSON.stringify(expected)}`,
    )
  }
  switch (command.kind) {
    case 'put': {
      const before = seconds()
      await ns.put(command.key, command.value, {
        metadata: command.metadata,
        expiration: command.expiration,
        expirationTtl: command.ttl,
      })
      const after = seconds()
      const expiration =
        command.ttl !== undefined
          ? { min: before + command.ttl, max: after + command.ttl + 1 }
          : command.expiration !== undefined
            ? { min: command.expiration, max: command.expiration }
            : undefined
      model.set(command.key, { value: command.value, metadata: command.metadata, expiration })
      return kv
    }
    case 'get': {
      const real = await ns.getWithMetadata(command.key)
      const expected = model.get(command.key)
      if (real.value !== (expected?.value ?? null))
        fail(`value of ${command.key}`, real.value, expected?.value ?? null)
      if (JSON.stringify(real.metadata) !== JSON.stringify(expected?.metadata ?? null))
        fail(`metadata of ${command.key}`, real.metadata, expected?.metadata ?? null)
      return kv
    }
    case 'delete':
      await ns.delete(command.key)
      model.delete(command.key)
      return kv
    case 'bulkWrite': {
      await kv.store('KV').write(command.records)
      for (const r of command.records) {
        const expiration =
          r.expiration === undefined ? undefined : { min: r.expiration, max: r.expiration }
        model.set(r.key, { value: r.value, metadata: r.metadata, expiration })
      }
      return kv
    }
    case 'bulkDelete':
      await kv.store('KV').delete(command.keys)
      for (const key of command.keys) model.delete(key)
      return kv
    case 'list': {
      // KV orders keys by their UTF-8 bytes.
      const expected = [...model.keys()]
        .filter((k) => k.startsWith(command.prefix))
        .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
      let cursor: string | undefined
      let offset = 0
      for (let page = 0; ; page++) {
        const real = await ns.list({ prefix: command.prefix, limit: command.limit, cursor })
        const want = expected.slice(offset, offset + command.limit)
        const names = real.keys.map((k) => k.name)
        if (JSON.stringify(names) !== JSON.stringify(want)) fail(`page ${page} names`, names, want)
        for (const info of real.keys) {
          const entry = model.get(info.name)!
          if (JSON.stringify(info.metadata) !== JSON.stringify(entry.metadata))
            fail(`listed metadata of ${info.name}`, info.metadata, entry.metadata)
          const range = entry.expiration
          if (
            !range
              ? info.expiration !== undefined
              : !(info.expiration! >= range.min && info.expiration! <= range.max)
          )
            fail(`listed expiration of ${info.name}`, info.expiration, range)
          // Now the base second is known: pin the model to it.
          if (range) entry.expiration = { min: info.expiration!, max: info.expiration! }
        }
        offset += names.length
        const complete = offset >= expected.length
        if (real.list_complete) {
          if (!complete) fail(`list_complete at ${offset}`, true, false)
          break
        }
        if (names.length === 0) fail('empty page before the end', names, want)
        cursor = (real as { cursor: string }).cursor
      }
      return kv
    }
    case 'restart':
      if (!reopen) return kv
      await kv.dispose()
      return reopen()
  }
}
