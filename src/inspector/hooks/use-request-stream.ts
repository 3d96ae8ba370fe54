import { useEffect, useState } from 'preact/hooks'
import { apiUrl } from '../api/client'
import type { RequestsSnapshot, RequestTrace } from '../api/types'

/** Requests arriving within this long are drawn together: a burst is one render, not hundreds. */
const FLUSH_MS = 50

export interface RequestStream {
  /** Whether the server measures requests (why not, when it does not); null until its first event. */
  snapshot: { available: boolean; reason?: string; kept: number } | null
  /** Newest first, at most what the server keeps. */
  requests: RequestTrace[]
  error: string | null
}

/**
 * The recent requests to the app's routes, live from `GET requests/events`: the server's
 * list on connect (and again after a reconnect), then each request as it ends.
 */
export function useRequestStream(): RequestStream {
  const [state, setState] = useState<RequestStream>({ snapshot: null, requests: [], error: null })
  useEffect(() => {
    const source = new EventSource(apiUrl('requests/events'))
    let pending: RequestTrace[] = []
    let timer: ReturnType<typeof setTimeout> | undefined
    const flush = () => {
      timer = undefined
      const arrived = pending.reverse()
      pending = []
      setState((s) => ({
        ...s,
        requests: [...arrived, ...s.requests].slice(0, s.snapshot?.kept ?? arrived.length),
      }))
    }
    source.addEventListener('requests', (message) => {
      const { requests, ...snapshot } = JSON.parse(message.data) as RequestsSnapshot
      clearTimeout(timer)
      timer = undefined
      pending = []
      setState({ snapshot, requests, error: null })
    })
    source.addEventListener('request', (message) => {
      pending.push(JSON.parse(message.data) as RequestTrace)
      timer ??= setTimeout(flush, FLUSH_MS)
    })
    source.onerror = () => {
      // The browser reconnects on its own and the server sends its list again; closed is final.
      if (source.readyState === EventSource.CLOSED) {
        setState((s) => ({
          ...s,
          error: `[kvdev] The requests stream closed: ${apiUrl('requests/events')}. Reload the page.`,
        }))
      }
    }
    return () => {
      clearTimeout(timer)
      source.close()
    }
  }, [])
  return state
}
