import { createKvClient, KvClientError } from 'kvdev/client'

type Theme = 'light' | 'dark'
interface Preferences {
  theme: Theme
}

// Talks to `userKv()` at /api/kv: the key is this player's `user:<sub>:preferences`.
const kv = createKvClient()

function apply(theme: Theme) {
  document.documentElement.dataset.theme = theme
  const name = document.getElementById('theme-name')
  if (name) name.textContent = theme
}

export async function loadPreferences() {
  try {
    apply((await kv.get<Preferences>('preferences'))?.theme ?? 'dark')
  } catch (error) {
    // Signed out: no preferences to load, the default theme stays.
    if (!(error instanceof KvClientError && error.status === 401)) throw error
  }
}

export async function toggleTheme(): Promise<string> {
  const theme: Theme = document.documentElement.dataset.theme === 'light' ? 'dark' : 'light'
  await kv.set('preferences', { theme } satisfies Preferences)
  apply(theme)
  return `Theme saved to user:<sub>:preferences (${theme}).`
}
