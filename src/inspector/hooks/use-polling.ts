import { useEffect, useState } from 'preact/hooks'
import type { Loaded } from './use-loader'

/** How often live views ask again: requests come in while the app runs. */
export const POLL_MS = 1000

/** Runs `load` now and every `POLL_MS` while mounted, and whenever `deps` change. */
export function usePolling<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null })
  useEffect(() => {
    let live = true
    const run = () =>
      load().then(
        (data) => live && setState({ data, error: null }),
        (error: Error) => live && setState((s) => ({ data: s.data, error: error.message })),
      )
    run()
    const timer = setInterval(run, POLL_MS)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, deps)
  return state
}
