import { useEffect, useState } from 'preact/hooks'

export interface Loaded<T> {
  data: T | null
  error: string | null
}

/** Runs `load` whenever `deps` change; keeps the last data while reloading. */
export function useLoader<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null })
  useEffect(() => {
    let live = true
    load().then(
      (data) => live && setState({ data, error: null }),
      (error: Error) => live && setState((s) => ({ data: s.data, error: error.message })),
    )
    return () => {
      live = false
    }
  }, deps)
  return state
}
