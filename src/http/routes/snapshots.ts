import type { Context } from 'hono'
import type { KvdevApiEnv } from '../env'
import { readJsonObject } from '../json'
import { getBodyString, getHistory } from './history-store'

type C = Context<KvdevApiEnv>

/** `GET snapshots`: the binding's snapshots, oldest first. */
export async function listSnapshots(c: C) {
  return c.json({ snapshots: await getHistory(c).listSnapshots() })
}

/** `POST snapshots` with `{ "name": "…" }`: saves the store as it is now. */
export async function saveSnapshot(c: C) {
  const name = getBodyString(await readJsonObject(c), 'name')
  return c.json(await getHistory(c).saveSnapshot(name))
}

/** `POST snapshots/restore` with `{ "name": "…" }`: puts the store back as the snapshot holds it. */
export async function restoreSnapshot(c: C) {
  const name = getBodyString(await readJsonObject(c), 'name')
  return c.json(await getHistory(c).restoreSnapshot(name))
}

/** `GET snapshots/diff?a=…&b=…`: added, removed and changed keys from `a` to `b` (the store now without `b`). */
export async function diffSnapshots(c: C) {
  const a = c.req.query('a') ?? ''
  const b = c.req.query('b') || undefined
  return c.json(await getHistory(c).diffSnapshots(a, b))
}

/** `POST snapshots/delete` with `{ "name": "…" }`. */
export async function deleteSnapshot(c: C) {
  const name = getBodyString(await readJsonObject(c), 'name')
  await getHistory(c).deleteSnapshot(name)
  return c.json({ deleted: name })
}
