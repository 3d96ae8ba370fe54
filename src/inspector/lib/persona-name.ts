import type { PlaycademyUser } from '../api/types'

/** Who a request ran as, as the inspector shows it: the persona's name, not its `sub`. */
export function getPersonaName(sub: string, personas: readonly PlaycademyUser[]): string {
  if (sub === 'anonymous') return 'signed out'
  // A `sub` no longer configured (the config changed since) shows as it is.
  return personas.find((persona) => persona.sub === sub)?.name || sub
}
