/** A JSON call to the game's API routes; errors carry the route's message. */
export async function api<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
  const response = await fetch(`/api/${path}`, {
    method: init?.method ?? 'GET',
    headers: init?.body === undefined ? undefined : { 'content-type': 'application/json' },
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const payload = (await response.json()) as { data?: T; error?: string }
  if (!response.ok) throw new Error(payload.error ?? `${response.status} ${response.statusText}`)
  return payload.data as T
}
