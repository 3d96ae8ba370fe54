import { ANONYMOUS, USER_COOKIE } from '../../users/personas'
import { readJsonObject } from '../body'
import type { Route } from '../context'
import { HttpError } from '../http-error'
import { API_LIMITS } from '../limits'
import { jsonResponse } from '../respond'

/** `GET users`: the personas and the one this browser's app requests run as. */
export const listUsers: Route = async ({ request, personas }) => {
  const resolved = personas.resolve(request.headers)
  const user = 'user' in resolved ? resolved.user : personas.fallback
  return jsonResponse({ personas: personas.list, active: user?.sub ?? ANONYMOUS })
}

/** `PUT users/active`: picks the persona for this browser through the `kvdev_user` cookie. */
export const setActiveUser: Route = async ({ request, personas }) => {
  const { sub } = await readJsonObject(request, API_LIMITS.MAX_SMALL_BODY_BYTES)
  if (typeof sub !== 'string' || personas.find(sub) === undefined) {
    const known = [...personas.list.map((u) => u.sub), ANONYMOUS].join(', ')
    throw new HttpError(400, `Unknown user: ${JSON.stringify(sub)?.slice(0, 80)}. Known: ${known}.`)
  }
  return jsonResponse(
    { ok: true, active: sub },
    {
      headers: {
        'set-cookie': `${USER_COOKIE}=${encodeURIComponent(sub)}; Path=/; SameSite=Strict; HttpOnly`,
      },
    },
  )
}
