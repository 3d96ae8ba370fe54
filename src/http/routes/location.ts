import type { Context } from 'hono'
import { httpError } from '../../errors'
import { DEFAULT_LOCATION, LOCATION_COOKIE, LOCATION_PATTERN } from '../../realism/propagation'
import type { KvdevApiEnv } from '../env'
import { readJsonObject } from '../json'

/** `PUT location`: the location this browser's app requests run at (the propagation delay's). */
export async function setLocation(c: Context<KvdevApiEnv>) {
  const { location } = await readJsonObject(c)
  if (typeof location !== 'string' || !LOCATION_PATTERN.test(location)) {
    throw httpError(
      400,
      `Invalid location: ${JSON.stringify(location)?.slice(0, 80)}. Use 1 to 32 letters, digits, - or _ (e.g. ${DEFAULT_LOCATION}, eu, us).`,
    )
  }
  c.header('set-cookie', `${LOCATION_COOKIE}=${location}; Path=/; SameSite=Strict; HttpOnly`)
  return c.json({ ok: true as const, location })
}
