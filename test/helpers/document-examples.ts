/**
 * The request examples of the reference documents, as written there, with only the base
 * URL and the API key changed: RocketStack KV's session and cache-aside calls, and
 * @workertown/kv's v1 calls.
 */

/** RocketStack KV, "KV session or cache": steps 1 to 3, then `getCached` twice. */
export async function runRocketStackExamples(base: string, YOUR_API_KEY: string) {
  // 1. Set a session or cache entry (key in path; optional ttlSeconds)
  const put = await fetch(`${base}/kv/items/session-usr_abc123`, {
    method: 'PUT',
    headers: {
      Authorization: `Bearer ${YOUR_API_KEY}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({
      value: {
        userId: 'usr_abc123',
        cart: [{ sku: 'item_1', qty: 2 }],
        lastActive: Date.now(),
      },
      ttlSeconds: 86400, // 24 hours
    }),
  })

  // 2. Get the value
  const res = await fetch(`${base}/kv/items/session-usr_abc123`, {
    headers: { Authorization: `Bearer ${YOUR_API_KEY}` },
  })
  const data = await res.json()
  const session = data.data?.value // { userId, cart, lastActive }

  // 3. Delete when done (e.g. logout)
  const deleted = await fetch(`${base}/kv/items/session-usr_abc123`, {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${YOUR_API_KEY}` },
  })
  const afterDelete = await fetch(`${base}/kv/items/session-usr_abc123`, {
    headers: { Authorization: `Bearer ${YOUR_API_KEY}` },
  })

  // Cache-aside: get, on miss compute and set
  let computations = 0
  async function expensiveCompute(key: string) {
    computations++
    return { key, answer: 42 }
  }
  async function getCached(key: string) {
    const r = await fetch(`${base}/kv/items/cache-${key}`, {
      headers: { Authorization: `Bearer ${YOUR_API_KEY}` },
    })
    if (r.ok) {
      const json = await r.json()
      const value = json.data?.value
      if (value) return value
    }
    const computed = await expensiveCompute(key)
    await fetch(`${base}/kv/items/cache-${key}`, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${YOUR_API_KEY}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ value: computed, ttlSeconds: 3600 }),
    })
    return computed
  }
  const first = await getCached('report')
  const second = await getCached('report')

  return {
    putStatus: put.status,
    session,
    deleteStatus: deleted.status,
    afterDeleteStatus: afterDelete.status,
    cached: [first, second],
    computations,
  }
}

/** @workertown/kv v1: set, get, delete and get again, admin info, the OpenAPI document. */
export async function runWorkertownExamples(base: string, apiKey: string) {
  const headers = { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' }
  const key = `${base}/v1/kv/config/feature-flags/beta`
  const put = await fetch(key, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ value: { enabled: true } }),
  })
  const get = await fetch(key, { headers })
  const del = await fetch(key, { method: 'DELETE', headers })
  const missing = await fetch(key, { headers })
  const info = await fetch(`${base}/v1/admin/info`, { headers })
  const openApi = await fetch(`${base}/open-api.json`)
  return {
    put: { status: put.status, body: await put.json() },
    get: { status: get.status, body: await get.json() },
    delete: { status: del.status, body: await del.json() },
    missing: { status: missing.status, body: await missing.json() },
    info: { status: info.status, body: await info.json() },
    openApi: {
      status: openApi.status,
      body: (await openApi.json()) as { openapi: string; paths: object },
    },
  }
}
