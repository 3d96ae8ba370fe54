/** `name <email>` from a key's metadata, when the app stored who wrote it. */
export function getIdentity(metadata: unknown): string {
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) return ''
  const record = metadata as Record<string, unknown>
  const name = typeof record.name === 'string' ? record.name : ''
  const email = typeof record.email === 'string' ? record.email : ''
  if (name && email) return `${name} <${email}>`
  return name || email || (typeof record.sub === 'string' ? record.sub : '')
}

/** The `<sub>` of a user-scoped key (`user:<sub>:…`), or null. */
export function getUserSub(key: string): string | null {
  if (!key.startsWith('user:')) return null
  const end = key.indexOf(':', 5)
  return end === -1 ? key.slice(5) || null : key.slice(5, end)
}
