interface TracedOp {
  op: string
  binding: string
  key: string | string[] | null
  hit?: boolean
  cached?: true
  ms: number
}
interface RequestTrace {
  method: string
  path: string
  status: number
  ops: TracedOp[]
  flags: { message: string }[]
}

/** Shows the KV calls of the game's last API request, as kvdev's inspector traces them. */
export async function showLastTrace(list: HTMLElement, title: HTMLElement) {
  const response = await fetch('/__kv/api/requests')
  const { requests } = (await response.json()) as { requests: RequestTrace[] }
  const last = requests[0]
  list.replaceChildren()
  if (!last) return
  title.textContent = `${last.method} ${last.path} → ${last.status}`
  for (const op of last.ops) {
    const item = document.createElement('li')
    const key = Array.isArray(op.key) ? op.key.join(', ') : (op.key ?? '(all)')
    const read = op.hit === undefined ? '' : op.hit ? ' hit' : ' miss'
    item.textContent = `${op.binding}.${op.op} ${key}${read} · ${op.cached ? 'memory cache' : `${op.ms.toFixed(2)} ms`}`
    list.append(item)
  }
  for (const flag of last.flags) {
    const item = document.createElement('li')
    item.className = 'flag'
    item.textContent = flag.message
    list.append(item)
  }
}
