import { useCallback, useEffect, useState } from 'preact/hooks'
import { api } from '../api/client'
import type { CountResponse, InfoResponse, UsersResponse } from '../api/types'
import { useEvents } from '../hooks/use-events'
import { useKeyPages } from '../hooks/use-key-pages'
import { ActionsBar, type Dialog } from './actions-bar'
import { Dialogs } from './dialogs'
import { FilterBar, type FilterMode } from './filter-bar'
import { HistoryControls } from './history-controls'
import { KeyDetail } from './key-detail'
import { KeyList } from './key-list'
import { PrefixGroups } from './prefix-groups'
import { RealismBadges } from './realism-badges'
import { RequestsView } from './requests-view'
import { StatsPanel } from './stats-panel'
import { Tabs, type View } from './tabs'
import { UserGroups } from './user-groups'
import { UserSwitcher } from './user-switcher'

/** Typing in the filter settles for this long before the list reloads. */
const FILTER_DEBOUNCE_MS = 120

export function App() {
  const [info, setInfo] = useState<InfoResponse | null>(null)
  const [users, setUsers] = useState<UsersResponse | null>(null)
  const [binding, setBinding] = useState('')
  const [input, setInput] = useState('')
  const [mode, setMode] = useState<FilterMode>('prefix')
  const [filter, setFilter] = useState({ mode: 'prefix' as FilterMode, text: '' })
  // A search by substring lists from the first key; the prefix filter is the text in prefix mode.
  const prefix = filter.mode === 'prefix' ? filter.text : ''
  const search = filter.mode === 'contains' ? filter.text : ''
  const [view, setView] = useState<View>('keys')
  const [selected, setSelected] = useState<string | null>(null)
  const [dialog, setDialog] = useState<Dialog | null>(null)
  const [version, setVersion] = useState(0)
  const [count, setCount] = useState<CountResponse | null>(null)
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null)

  const fail = useCallback((text: string) => setNotice({ text, error: true }), [])
  const tell = useCallback((text: string) => setNotice({ text, error: false }), [])
  const refresh = useCallback(() => setVersion((v) => v + 1), [])

  useEffect(() => {
    api.info().then(
      (loaded) => {
        setInfo(loaded)
        setBinding(loaded.bindings[0]?.binding ?? '')
      },
      (error: Error) => fail(error.message),
    )
    api.users().then(setUsers, () => setUsers(null))
  }, [fail])

  useEffect(() => {
    const timer = setTimeout(() => setFilter({ mode, text: input }), FILTER_DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [input, mode])

  const pages = useKeyPages(binding, prefix, version, search)

  // Counted after the first page: the store answers one request at a time, and rows come first.
  useEffect(() => {
    if (!binding || pages.firstPage === 0) return
    let live = true
    api.count(binding, prefix).then(
      (c) => live && setCount(c),
      (error: Error) => fail(error.message),
    )
    return () => {
      live = false
    }
  }, [pages.firstPage, fail])

  useEvents((events) => {
    if (events.some((event) => event.binding === binding)) refresh()
  })

  const pick = (next: string) => {
    setInput(next)
    setMode('prefix')
    setFilter({ mode: 'prefix', text: next })
    setView('keys')
  }
  const open = (name: string) => setSelected(name)
  const remove = (key: string) => setDialog({ kind: 'delete', key })

  return (
    <div class="app">
      <header class="top">
        <h1>
          kvdev <span class="muted">inspector</span>
        </h1>
        <RealismBadges onError={fail} onChanged={tell} />
        <label class="switcher">
          <span>Namespace</span>
          <select
            name="binding"
            value={binding}
            onChange={(event) => {
              setBinding((event.currentTarget as HTMLSelectElement).value)
              setSelected(null)
            }}
          >
            {info?.bindings.map((b) => (
              <option key={b.binding} value={b.binding}>
                {b.id === b.binding ? b.binding : `${b.binding} (${b.id})`}
              </option>
            ))}
          </select>
        </label>
        <HistoryControls binding={binding} version={version} onError={fail} onChanged={tell} />
        <UserSwitcher
          users={users}
          onError={fail}
          onChanged={(active) => {
            setUsers((u) => (u ? { ...u, active } : u))
            tell(`The app's next requests run as ${active}.`)
          }}
        />
      </header>
      {notice ? (
        <div
          class={notice.error ? 'notice error' : 'notice'}
          role={notice.error ? 'alert' : 'status'}
        >
          <span>{notice.text}</span>
          <button type="button" class="icon" aria-label="Dismiss" onClick={() => setNotice(null)}>
            ×
          </button>
        </div>
      ) : null}
      <Tabs view={view} onView={setView} />
      <main class={selected ? 'panes with-detail' : 'panes'}>
        <section class="list-pane">
          {view === 'requests' ? null : (
            <>
              <FilterBar
                text={input}
                mode={mode}
                count={count}
                found={{ loaded: pages.keys.length, complete: pages.complete }}
                onText={setInput}
                onMode={setMode}
              />
              <ActionsBar
                binding={binding}
                prefix={prefix}
                seedFile={info?.seedFile ?? null}
                onDialog={setDialog}
                onError={fail}
              />
            </>
          )}
          {view === 'requests' ? (
            <RequestsView personas={users?.personas ?? []} />
          ) : view === 'keys' ? (
            <KeyList
              key={`${binding}\u0000${prefix}\u0000${search}`}
              pages={pages}
              matched={search ? null : (count?.matched ?? null)}
              selected={selected}
              onOpen={open}
              onDelete={remove}
            />
          ) : view === 'prefixes' ? (
            <PrefixGroups binding={binding} version={version} onPick={pick} />
          ) : view === 'users' ? (
            <UserGroups
              binding={binding}
              version={version}
              personas={users?.personas ?? []}
              onPick={pick}
            />
          ) : (
            <StatsPanel
              binding={binding}
              prefix={prefix}
              version={version}
              onOpen={open}
              onPick={pick}
            />
          )}
        </section>
        {selected && binding ? (
          <KeyDetail
            key={`${binding}\u0000${selected}`}
            binding={binding}
            name={selected}
            version={version}
            onDelete={remove}
            onClose={() => setSelected(null)}
            onNotice={tell}
          />
        ) : null}
      </main>
      <Dialogs
        dialog={dialog}
        binding={binding}
        prefix={prefix}
        seedFile={info?.seedFile ?? null}
        onClose={() => setDialog(null)}
        onChanged={(message, openKey) => {
          tell(message)
          if (openKey !== undefined) setSelected(openKey)
          refresh()
        }}
      />
    </div>
  )
}
