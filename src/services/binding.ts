import type { Context } from 'hono'
import type { KVNamespace } from '../types/kv-namespace'

/** The KV binding named `name` in `c.env`, or an error saying how to declare it. */
export function getBinding(c: Context, name: string): KVNamespace {
  const binding = (c.env as Record<string, unknown> | undefined)?.[name] as KVNamespace | undefined
  if (typeof binding?.get !== 'function')
    throw new Error(
      `[kvdev] No KV binding in \`c.env\`: ${JSON.stringify(name)}. Declare it in \`kv_namespaces\` of the wrangler config, or pass \`binding\` to the service.`,
    )
  return binding
}
