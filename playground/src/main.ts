import { api } from './api'
import { loadPreferences, toggleTheme } from './preferences'
import { showLastTrace } from './trace'

interface PlayerState {
  score: number
  level: number
  lastPlayed: string
}
interface Flags {
  doubleClicks: boolean
  showLeaderboard: boolean
  banner: string | null
}
interface Entry {
  sub: string
  name: string
  score: number
}

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T

let score = 0
let level = 1
let flags: Flags = { doubleClicks: false, showLeaderboard: true, banner: null }

function render() {
  $('score').textContent = String(score)
  $('level').textContent = String(level)
}

function status(message: string) {
  $('status').textContent = message
}

async function run(action: () => Promise<string>) {
  try {
    status(await action())
  } catch (error) {
    status((error as Error).message)
  }
  await showLastTrace($('trace'), $('trace-title')).catch(() => {})
}

async function loadFlags() {
  const response = await fetch('/api/flags')
  const payload = (await response.json()) as { data: Flags; game: string }
  flags = payload.data
  $('title').textContent = payload.game
  $('banner').hidden = !flags.banner
  $('banner').textContent = flags.banner ?? ''
  $('board-section').hidden = !flags.showLeaderboard
}

async function loadPlayer() {
  const me = await api<{ name: string } | null>('whoami')
  $('player').textContent = me ? me.name : 'nobody (signed out)'
  const state = me ? await api<PlayerState | null>('player-state') : null
  score = state?.score ?? 0
  level = state?.level ?? 1
  render()
}

async function loadBoard() {
  if (!flags.showLeaderboard) return
  const response = await fetch('/api/leaderboard')
  const payload = (await response.json()) as { data: Entry[]; cached: boolean }
  $('board-source').textContent = payload.cached ? '(from cache:leaderboard)' : '(computed)'
  $('board').replaceChildren(
    ...payload.data.map((entry) => {
      const item = document.createElement('li')
      item.textContent = `${entry.name}: ${entry.score}`
      return item
    }),
  )
}

async function loadSession() {
  const response = await fetch('/api/session/me')
  const payload = (await response.json()) as { data?: { name: string; startedAt: string } }
  $('session').textContent = payload.data
    ? `Session for ${payload.data.name} since ${new Date(payload.data.startedAt).toLocaleTimeString()} (expires in KV after 1 h).`
    : 'No game session.'
}

$('click').addEventListener('click', () => {
  score += flags.doubleClicks ? 2 : 1
  level = 1 + Math.floor(score / 25)
  render()
})
$('save').addEventListener('click', () =>
  run(async () => {
    await api('player-state', { method: 'POST', body: { score, level } })
    return 'Saved to user:<sub>:state.'
  }),
)
$('submit').addEventListener('click', () =>
  run(async () => {
    const { best } = await api<{ best: number }>('leaderboard', { method: 'POST', body: { score } })
    await loadBoard()
    return `Best score: ${best}.`
  }),
)
$('reset').addEventListener('click', () =>
  run(async () => {
    await api('player-state', { method: 'DELETE' })
    score = 0
    level = 1
    render()
    return 'Save deleted.'
  }),
)
$('theme').addEventListener('click', () => run(toggleTheme))
$('login').addEventListener('click', () =>
  run(async () => {
    await api('session/login', { method: 'POST', body: {} })
    await loadSession()
    return 'Session started.'
  }),
)
$('logout').addEventListener('click', () =>
  run(async () => {
    await api('session/logout', { method: 'POST', body: {} })
    await loadSession()
    return 'Session ended.'
  }),
)

// The inspector announces a persona switch: from now on this page plays as someone else.
new BroadcastChannel('kvdev').addEventListener('message', (event: MessageEvent) => {
  if (event.data?.type !== 'user') return
  Promise.all([loadPlayer(), loadSession(), loadPreferences()]).then(
    () => status(''),
    (error: Error) => status(error.message),
  )
})

await loadFlags()
await Promise.all([loadPlayer(), loadBoard(), loadSession(), loadPreferences()]).catch(
  (error: Error) => status(error.message),
)
