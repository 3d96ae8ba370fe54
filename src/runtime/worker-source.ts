/** The header carrying kvdev's per-process secret on the upgrade to the internal worker. */
export const SECRET_HEADER = 'x-kvdev-secret'
/** The text binding holding the secret inside workerd (never a KV binding: see `handle`). */
export const SECRET_BINDING = '__KVDEV_SECRET__'

/**
 * Source of kvdev's internal worker. It runs inside workerd, bound to every
 * KV namespace, and answers Node over one WebSocket: single operations go to
 * the real binding (so every limit and error message is Cloudflare's), bulk
 * operations run in batches next to the store instead of one round trip per key.
 *
 * workerd's sockets listen on loopback, where any web page can reach them: the worker
 * answers only kvdev's own process (the secret, checked once per connection) and refuses
 * anything a browser sent (`Origin`, `Sec-Fetch-*`) before it touches a binding.
 */
export const WORKER_SOURCE = /* js */ `
const SECRET_HEADER = ${JSON.stringify(SECRET_HEADER)}
const SECRET_BINDING = ${JSON.stringify(SECRET_BINDING)}
const encoder = new TextEncoder()
const decoder = new TextDecoder()

function encodeFrame(header, body) {
  const head = encoder.encode(JSON.stringify(header))
  const out = new Uint8Array(4 + head.byteLength + (body ? body.byteLength : 0))
  new DataView(out.buffer).setUint32(0, head.byteLength)
  out.set(head, 4)
  if (body) out.set(body, 4 + head.byteLength)
  return out
}

function decodeFrame(data) {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const length = view.getUint32(0)
  return { header: JSON.parse(decoder.decode(data.subarray(4, 4 + length))), body: data.subarray(4 + length) }
}

function toBase64(bytes) {
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000))
  return btoa(s)
}

function fromBase64(text) {
  const s = atob(text)
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i)
  return out
}

// A leading U+FEFF is part of the value: the binding's text read keeps it, so dumps and types do.
const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
function classify(bytes) {
  let text
  try { text = fatal.decode(bytes) } catch { return { type: 'binary' } }
  try { JSON.parse(text); return { type: 'json', text } } catch { return { type: 'text', text } }
}

async function inChunks(items, size, fn) {
  const out = []
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))))
  return out
}

/**
 * The greatest string below \`key\` that a KV key (at most 512 bytes) can be: no key lies
 * between the two, so listing after it starts exactly at \`key\`.
 */
function justBefore(key) {
  const chars = [...key]
  const last = chars.pop().codePointAt(0)
  if (last === 0) return chars.join('')
  const previous = last - 1 >= 0xd800 && last - 1 <= 0xdfff ? 0xd7ff : last - 1
  return chars.join('') + String.fromCodePoint(previous) + '\u{10FFFF}'.repeat(129)
}

/**
 * ns.list by prefix, for every prefix. Miniflare matches prefixes with SQLite's length(),
 * which stops at the first NUL, so a prefix holding one matches nothing. Such a prefix is
 * listed from just before it (Miniflare's cursor is the base64 of the last key listed), up to
 * the first key that no longer starts with it: keys sharing a prefix are contiguous.
 */
async function listPrefix(ns, { prefix, cursor, limit }) {
  if (typeof prefix !== 'string' || !prefix.includes('\0')) return ns.list({ prefix, cursor, limit })
  const page = await ns.list({ cursor: cursor ?? toBase64(encoder.encode(justBefore(prefix))), limit })
  const keys = page.keys.filter((k) => k.name.startsWith(prefix))
  return keys.length < page.keys.length ? { keys, list_complete: true, cacheStatus: null } : page
}

/** The key as a listing shows it (expiration, metadata), or undefined: exact for every key. */
async function findKey(ns, key) {
  const [first] = (await listPrefix(ns, { prefix: key, limit: 1 })).keys
  return first && first.name === key ? first : undefined
}

async function listAll(ns, prefix, limit) {
  const keys = []
  let cursor
  do {
    const page = await listPrefix(ns, { prefix, cursor, limit: 1000 })
    keys.push(...page.keys)
    cursor = page.list_complete ? undefined : page.cursor
  } while (cursor && (limit === undefined || keys.length < limit))
  return keys
}

const ops = {
  async get(ns, h) {
    // The binding's get does not tell the expiration; a one-key listing does,
    // so the Node-side cache can honour it.
    const [r, listed] = await Promise.all([
      ns.getWithMetadata(h.key, { type: h.type, cacheTtl: h.cacheTtl }),
      h.withExpiration ? findKey(ns, h.key) : undefined,
    ])
    if (r.value === null) return [{ found: false }]
    const expiration = listed ? listed.expiration : undefined
    return [{ found: true, metadata: r.metadata, expiration }, new Uint8Array(r.value)]
  },
  async getBulk(ns, h) {
    const options = { type: h.type, cacheTtl: h.cacheTtl }
    const map = h.withMetadata ? await ns.getWithMetadata(h.keys, options) : await ns.get(h.keys, options)
    return [{ entries: [...map.entries()] }]
  },
  async put(ns, h, body) {
    await ns.put(h.key, 'primitive' in h ? h.primitive : body, h.options)
    return [{}]
  },
  async delete(ns, h) {
    await ns.delete(h.key)
    return [{}]
  },
  async list(ns, h) {
    return [{ result: await ns.list(h.options) }]
  },
  async keys(ns, h) {
    return [{ result: await listPrefix(ns, { prefix: h.prefix, cursor: h.cursor, limit: h.limit }) }]
  },
  async find(ns, h) {
    return [{ key: (await findKey(ns, h.key)) ?? null }]
  },
  async inspect(ns, h) {
    const listed = await findKey(ns, h.key)
    const d = listed && (await detail(ns, h.key, h.preview))
    return [{ key: d ? { ...listed, ...d } : null }]
  },
  async listDetails(ns, h) {
    const page = await listPrefix(ns, { prefix: h.prefix, cursor: h.cursor, limit: h.limit })
    const details = await describe(ns, page.keys.map((k) => k.name))
    const keys = page.keys.map((k) => ({ ...k, ...details.get(k.name) }))
    return [{ result: { ...page, keys } }]
  },
  async count(ns, h) {
    let count = 0
    let cursor
    do {
      const page = await listPrefix(ns, { prefix: h.prefix, cursor, limit: 1000 })
      count += page.keys.length
      cursor = page.list_complete ? undefined : page.cursor
    } while (cursor)
    return [{ count }]
  },
  async putMany(ns, h) {
    await inChunks(h.records, 32, (r) => {
      const options = { metadata: r.metadata, expiration: r.expiration, expirationTtl: r.expiration_ttl }
      return ns.put(r.key, r.base64 ? fromBase64(r.value) : r.value, options)
    })
    return [{ written: h.records.length }]
  },
  async deleteMany(ns, h) {
    await inChunks(h.keys, 64, (k) => ns.delete(k))
    return [{ deleted: h.keys.length }]
  },
  async clear(ns, h) {
    const keys = (await listAll(ns, h.prefix)).map((k) => k.name)
    await inChunks(keys, 64, (k) => ns.delete(k))
    return [{ deleted: keys.length }]
  },
  async dump(ns, h) {
    const page = await listPrefix(ns, { prefix: h.prefix, cursor: h.cursor, limit: h.limit ?? 1000 })
    const records = await inChunks(page.keys, 64, async (k) => {
      const value = await ns.get(k.name, 'arrayBuffer')
      if (value === null) return null
      const bytes = new Uint8Array(value)
      let text
      try { text = fatal.decode(bytes) } catch {}
      const record = { key: k.name, value: text ?? toBase64(bytes) }
      if (text === undefined) record.base64 = true
      if (k.expiration !== undefined) record.expiration = k.expiration
      if (k.metadata !== undefined) record.metadata = k.metadata
      return record
    })
    return [{ records: records.filter(Boolean), cursor: page.list_complete ? undefined : page.cursor }]
  },
  async stats(ns, h) {
    const keys = await listAll(ns, h.prefix)
    const details = await describe(ns, keys.map((k) => k.name))
    return [{ keys: keys.map((k) => [k.name, details.get(k.name)?.size ?? -1]) }]
  },
}

/**
 * Size and type of many values, each read as bytes: the bulk read gives text with a leading
 * byte-order mark dropped, so it cannot tell a value's exact size.
 */
async function describe(ns, names) {
  const out = new Map()
  await inChunks(names, 64, async (name) => {
    const d = await detail(ns, name, 0)
    if (d) out.set(name, d)
  })
  return out
}

async function detail(ns, key, preview) {
  const r = await ns.getWithMetadata(key, 'arrayBuffer')
  if (r.value === null) return null
  const bytes = new Uint8Array(r.value)
  const c = classify(bytes)
  const out = { size: bytes.byteLength, type: c.type }
  if (preview) {
    const part = bytes.subarray(0, preview)
    out.previewBase64 = toBase64(part)
    out.truncated = bytes.byteLength > preview
  }
  return out
}

async function handle(env, data) {
  const { header, body } = decodeFrame(new Uint8Array(data))
  try {
    const ns = header.binding !== SECRET_BINDING && Object.hasOwn(env, header.binding) ? env[header.binding] : undefined
    if (!ns) throw new Error('No KV binding named ' + header.binding)
    const op = ops[header.op]
    if (!op) throw new Error('Unknown operation ' + header.op)
    const [result, out] = await op(ns, header, body)
    return encodeFrame({ id: header.id, ok: true, ...result }, out)
  } catch (error) {
    return encodeFrame({ id: header.id, ok: false, error: { name: error.name, message: error.message } })
  }
}

function fromKvdev(request, env) {
  for (const [name] of request.headers) {
    if (name === 'origin' || name.startsWith('sec-fetch-')) return false
  }
  const given = encoder.encode(request.headers.get(SECRET_HEADER) ?? '')
  const expected = encoder.encode(env[SECRET_BINDING])
  return given.byteLength === expected.byteLength && crypto.subtle.timingSafeEqual(given, expected)
}

export default {
  async fetch(request, env) {
    if (!fromKvdev(request, env)) return new Response(null, { status: 403 })
    // Node speaks over one WebSocket only; nothing else is served.
    if (request.headers.get('upgrade') !== 'websocket') return new Response(null, { status: 426 })
    const [client, server] = Object.values(new WebSocketPair())
    server.accept()
    server.addEventListener('message', async (event) => {
      server.send(await handle(env, event.data))
    })
    // Answer the peer's close, or workerd reports the request as hung.
    server.addEventListener('close', () => {
      try { server.close() } catch {}
    })
    return new Response(null, { status: 101, webSocket: client })
  },
}
`
