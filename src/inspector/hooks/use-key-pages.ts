import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { KV_LIMITS } from '../../constants'
import { api } from '../api/client'
import type { KvKeyInfo } from '../api/types'

/** Keys per page after the first, the API's maximum. */
const PAGE_KEYS = KV_LIMITS.MAX_LIST_LIMIT
/** The first page only fills the screen, so the first rows show fast on a large namespace. */
const FIRST_PAGE_KEYS = 100

export interface KeyPages {
  keys: KvKeyInfo[]
  complete: boolean
  loading: boolean
  error: string | null
  /** Bumped each time a first page arrives (new prefix, namespace or refresh). */
  firstPage: number
  /** Loads pages (through cursors) until `index` is loaded or the list ends. */
  ensureLoaded: (index: number) => void
}

interface Run {
  id: number
  keys: KvKeyInfo[]
  cursor?: string
  complete: boolean
  busy: boolean
  /** The highest row index the list has asked for. */
  want: number
}

/**
 * The sorted key list of one binding and prefix, loaded lazily page by page; with `search`,
 * only the keys whose name contains it, the server's cursor continuing the search.
 */
export function useKeyPages(
  binding: string,
  prefix: string,
  version: number,
  search = '',
): KeyPages {
  const [keys, setKeys] = useState<KvKeyInfo[]>([])
  const [status, setStatus] = useState({ complete: false, loading: false })
  const [error, setError] = useState<string | null>(null)
  const [firstPage, setFirstPage] = useState(0)
  const run = useRef<Run>({ id: 0, keys: [], complete: false, busy: false, want: 0 })

  const pump = useCallback(async () => {
    const current = run.current
    if (current.busy || !binding) return
    current.busy = true
    setStatus({ complete: current.complete, loading: true })
    try {
      while (!current.complete && current.keys.length <= current.want) {
        const limit = current.keys.length === 0 ? FIRST_PAGE_KEYS : PAGE_KEYS
        const page = await api.keys(binding, prefix, current.cursor, limit, search || undefined)
        if (run.current !== current) return
        current.cursor = page.cursor
        current.complete = page.list_complete || !page.cursor
        const first = current.keys.length === 0
        current.keys = current.keys.concat(page.keys)
        setKeys(current.keys)
        if (first) setFirstPage((n) => n + 1)
      }
      setError(null)
    } catch (caught) {
      if (run.current === current) setError((caught as Error).message)
    } finally {
      current.busy = false
      if (run.current === current) setStatus({ complete: current.complete, loading: false })
    }
  }, [binding, prefix, search])

  const scope = `${binding}\u0000${prefix}\u0000${search}`
  const lastScope = useRef(scope)
  useEffect(() => {
    // A refresh (version) reloads as far as the user had scrolled; a new scope starts at the top.
    const sameScope = lastScope.current === scope
    const want = sameScope ? run.current.want : 0
    lastScope.current = scope
    if (!sameScope) setKeys([])
    run.current = { id: run.current.id + 1, keys: [], complete: false, busy: false, want }
    void pump()
  }, [scope, version, pump])

  const ensureLoaded = useCallback(
    (index: number) => {
      if (index <= run.current.want) return
      run.current.want = index
      void pump()
    },
    [pump],
  )

  return { keys, ...status, error, firstPage, ensureLoaded }
}
