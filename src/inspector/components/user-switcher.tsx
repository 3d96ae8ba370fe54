import { api } from '../api/client'
import type { UsersResponse } from '../api/types'
import { announceUser } from '../lib/announce-user'

interface UserSwitcherProps {
  users: UsersResponse | null
  onChanged: (active: string) => void
  onError: (message: string) => void
}

/** Picks the mock user the app's next API request runs as (a cookie set by the server). */
export function UserSwitcher({ users, onChanged, onError }: UserSwitcherProps) {
  if (!users) return null
  const choose = (sub: string) =>
    api.setUser(sub).then(
      () => {
        announceUser(sub)
        onChanged(sub)
      },
      (error: Error) => onError(error.message),
    )
  return (
    <label class="switcher">
      <span>Mock user</span>
      <select
        name="user"
        value={users.active}
        onChange={(event) => void choose((event.currentTarget as HTMLSelectElement).value)}
      >
        {users.personas.map((persona) => (
          <option key={persona.sub} value={persona.sub}>
            {persona.name} &lt;{persona.email}&gt;
          </option>
        ))}
        <option value="anonymous">Signed out</option>
      </select>
    </label>
  )
}
