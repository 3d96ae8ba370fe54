import { USER_HEADER } from '../constants'
import { KvdevError } from '../errors'
import type { PlaycademyUser, UserOption } from './types'

export const DEFAULT_USER: PlaycademyUser = Object.freeze({
  sub: '00000000-0000-4000-8000-000000000001',
  email: 'player@kvdev.local',
  name: 'Dev Player',
  email_verified: true,
})

/** Header or cookie value that selects the signed-out case. */
export const ANONYMOUS = 'anonymous'
export const USER_COOKIE = 'kvdev_user'

export interface Personas {
  readonly list: readonly PlaycademyUser[]
  /** The persona used when a request names none: the first, or null when `user: null`. */
  readonly fallback: PlaycademyUser | null
  /** Picks the user for a request: `x-kvdev-user` header, then the inspector's cookie, then the fallback. */
  resolve(headers: Headers): { user: PlaycademyUser | null } | { error: string }
  /** Looks a selection up: a persona's `sub`, or `anonymous`. */
  find(selection: string): PlaycademyUser | null | undefined
}

function normaliseUser(user: Partial<PlaycademyUser>, where: string): PlaycademyUser {
  if (typeof user !== 'object' || user === null || Array.isArray(user)) {
    throw new KvdevError(
      'ERR_OPTION',
      `\`${where}\` is ${JSON.stringify(user)}. A user is an object with \`sub\`.`,
    )
  }
  const merged = { ...DEFAULT_USER, ...user }
  if (typeof merged.sub !== 'string' || merged.sub === '' || merged.sub === ANONYMOUS) {
    throw new KvdevError(
      'ERR_OPTION',
      `\`${where}.sub\` is ${JSON.stringify(merged.sub)}. It must be a non-empty string other than "${ANONYMOUS}".`,
    )
  }
  return merged
}

function readCookie(headers: Headers, name: string): string | undefined {
  const cookie = headers.get('cookie')
  if (!cookie) return undefined
  for (const part of cookie.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k !== name) continue
    try {
      return decodeURIComponent(v.join('='))
    } catch {
      // Cookies are not port-scoped: another local app may have set a malformed one.
      return undefined
    }
  }
  return undefined
}

/** Normalises the `user` option into personas; invalid values throw at startup. */
export function createPersonas(option: UserOption | undefined): Personas {
  let list: PlaycademyUser[]
  if (option === null) list = []
  else if (option === undefined) list = [DEFAULT_USER]
  else if (Array.isArray(option)) {
    if (option.length === 0) {
      throw new KvdevError(
        'ERR_OPTION',
        '`user` is []. Give at least one persona, or `null` for signed out.',
      )
    }
    list = option.map((u, i) => normaliseUser(u, `user[${i}]`))
  } else list = [normaliseUser(option, 'user')]
  const bySub = new Map(list.map((u) => [u.sub, u]))
  if (bySub.size !== list.length) {
    throw new KvdevError(
      'ERR_OPTION',
      '`user` has two personas with the same `sub`. Each `sub` must be unique.',
    )
  }
  const fallback = list[0] ?? null
  const find = (selection: string) => (selection === ANONYMOUS ? null : bySub.get(selection))
  return {
    list,
    fallback,
    find,
    resolve(headers) {
      const header = headers.get(USER_HEADER)
      if (header !== null) {
        const user = find(header)
        if (user === undefined) {
          const known = [...bySub.keys(), ANONYMOUS].join(', ')
          return {
            error: `[kvdev] Unknown user "${header}" in the ${USER_HEADER} header. Known: ${known}.`,
          }
        }
        return { user }
      }
      const cookie = readCookie(headers, USER_COOKIE)
      const chosen = cookie === undefined ? undefined : find(cookie)
      return { user: chosen === undefined ? fallback : chosen }
    },
  }
}
