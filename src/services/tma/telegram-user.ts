import type { Personas } from '../../users/personas'
import type { PlaycademyUser } from '../../users/types'

/** A Telegram user as TMA's `validate` answers it (`@tma.sh/sdk`'s `TelegramUser`). */
export interface TelegramUser {
  telegramId: number
  firstName: string
  lastName?: string
  username?: string
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined)

/** FNV-1a of the sub: a persona without `telegramId` keeps the same id across restarts. */
function idFromSub(sub: string): number {
  let hash = 0x811c9dc5
  for (const char of sub) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193)
  return hash >>> 0 || 1
}

/**
 * A kvdev persona as a Telegram user: its `telegramId` claim (else a number derived from
 * its `sub`), `firstName`/`lastName` from its claims or its `name`, `username` from its
 * claim or its email's local part.
 */
export function toTelegramUser(persona: PlaycademyUser): TelegramUser {
  const given = persona.telegramId
  const telegramId =
    typeof given === 'number' && Number.isSafeInteger(given) && given > 0
      ? given
      : idFromSub(persona.sub)
  const [first, ...rest] = persona.name.trim().split(/\s+/)
  const firstName = text(persona.firstName) ?? text(first) ?? persona.sub
  const lastName =
    text(persona.lastName) ?? (text(persona.firstName) ? undefined : text(rest.join(' ')))
  const username = text(persona.username) ?? text(persona.email.split('@')[0])
  return {
    telegramId,
    firstName,
    ...(lastName ? { lastName } : {}),
    ...(username ? { username } : {}),
  }
}

/**
 * The persona a dev `initData` signs in: Telegram's `user={"id":…}` names one by its
 * Telegram id; an `initData` without `user` (`''` outside Telegram) takes the persona this
 * request selects (the inspector's switch, `x-kvdev-user`, else the first). The hash is not
 * checked: kvdev holds no bot token, and these are mock users.
 */
export function pickTelegramUser(
  initData: string,
  personas: Personas,
  headers: Headers,
): { user: TelegramUser } | { error: string } {
  const raw = new URLSearchParams(initData).get('user')
  if (raw === null) {
    const selected = personas.resolve(headers)
    if ('error' in selected) return selected
    if (!selected.user)
      return {
        error:
          '[kvdev] Not signed in: no persona is selected and `initData` names no `user`. Pick a persona in the inspector, or send `user={"id":<telegramId>}` in `initData`.',
      }
    return { user: toTelegramUser(selected.user) }
  }
  let id: unknown
  try {
    id = (JSON.parse(raw) as { id?: unknown } | null)?.id
  } catch {
    return {
      error: `[kvdev] \`user\` in initData is not JSON: ${JSON.stringify(raw.slice(0, 80))}. Send \`user={"id":<telegramId>}\`.`,
    }
  }
  const users = personas.list.map(toTelegramUser)
  const found = users.find((u) => u.telegramId === id)
  if (found) return { user: found }
  const known = users.map((u) => `${u.telegramId} (${u.firstName})`).join(', ') || 'none'
  return {
    error: `[kvdev] No persona is Telegram user ${JSON.stringify(id)}. Known: ${known}. Give a persona \`telegramId\` to choose its id.`,
  }
}
