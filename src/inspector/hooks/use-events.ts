import { useEffect, useRef } from 'preact/hooks'
import { apiUrl } from '../api/client'
import type { KvChangeEvent } from '../api/types'

/** Debounce for bursts of changes (a seed writes thousands of keys): one refresh per burst. */
const REFRESH_DEBOUNCE_MS = 150

/** Subscribes to the server's change events; calls `onChange` once per burst with its events. */
export function useEvents(onChange: (events: KvChangeEvent[]) => void): void {
  const callback = useRef(onChange)
  callback.current = onChange
  useEffect(() => {
    const source = new EventSource(apiUrl('events'))
    let pending: KvChangeEvent[] = []
    let timer: ReturnType<typeof setTimeout> | undefined
    source.onmessage = (message) => {
      try {
        pending.push(JSON.parse(message.data) as KvChangeEvent)
      } catch {
        return
      }
      clearTimeout(timer)
      timer = setTimeout(() => {
        const events = pending
        pending = []
        callback.current(events)
      }, REFRESH_DEBOUNCE_MS)
    }
    return () => {
      clearTimeout(timer)
      source.close()
    }
  }, [])
}
