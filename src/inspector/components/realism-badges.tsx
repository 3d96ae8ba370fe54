import { useState } from 'preact/hooks'
import { api } from '../api/client'
import { useLoader } from '../hooks/use-loader'

interface RealismBadgesProps {
  onError: (message: string) => void
  onChanged: (message: string) => void
}

/** The production modes on, so nobody mistakes a 429 or a stale read for a kvdev bug. */
export function RealismBadges({ onError, onChanged }: RealismBadgesProps) {
  const { data } = useLoader(() => api.realism(), [])
  const [location, setLocation] = useState<string | null>(null)
  if (!data || data.modes.length === 0) return null
  const named = 'location' in data ? (data.location as string) : null
  const current = location ?? named
  const choose = (next: string) =>
    api.setLocation(next).then(
      () => {
        setLocation(next)
        onChanged(`The app's next requests run at location ${next}.`)
      },
      (error: Error) => onError(error.message),
    )
  return (
    <div class="realism">
      <ul aria-label="Production modes">
        {data.modes.map((mode) => (
          <li key={mode} class="badge warn">
            {mode}
          </li>
        ))}
      </ul>
      {current === null ? null : (
        <label class="switcher">
          <span>Location</span>
          <input
            name="location"
            value={current}
            size={8}
            onChange={(event) => void choose((event.currentTarget as HTMLInputElement).value)}
          />
        </label>
      )}
    </div>
  )
}
