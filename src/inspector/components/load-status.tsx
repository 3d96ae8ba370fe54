/** What a loading view shows until its data is there: the error, else `Loading…`. */
export function LoadStatus({ error }: { error: string | null }) {
  if (error)
    return (
      <p class="error" role="alert">
        {error}
      </p>
    )
  return <p class="hint">Loading…</p>
}
