export type View = 'keys' | 'prefixes' | 'users' | 'stats' | 'requests'

const VIEWS: { view: View; label: string }[] = [
  { view: 'keys', label: 'Keys' },
  { view: 'prefixes', label: 'By prefix' },
  { view: 'users', label: 'By user' },
  { view: 'stats', label: 'Stats' },
  { view: 'requests', label: 'Requests' },
]

export function Tabs({ view, onView }: { view: View; onView: (view: View) => void }) {
  return (
    <nav class="tabs" aria-label="Views">
      {VIEWS.map((entry) => (
        <button
          key={entry.view}
          type="button"
          class={entry.view === view ? 'tab active' : 'tab'}
          aria-pressed={entry.view === view}
          onClick={() => onView(entry.view)}
        >
          {entry.label}
        </button>
      ))}
    </nav>
  )
}
