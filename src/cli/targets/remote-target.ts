import type { KvBindingConfig } from '../../config/wrangler-config'
import { CliError, EXIT } from '../exit'
import { createRestClient } from './rest-client'
import { createRestTarget } from './rest-target'
import type { KvTarget } from './target'

/** Cloudflare's API root; wrangler honours the same variable. */
export const DEFAULT_API_BASE_URL = 'https://api.cloudflare.com/client/v4'

function requireEnv(name: string, why: string): string {
  const value = process.env[name]
  if (!value) throw new CliError(EXIT.FAILURE, `Missing environment variable: ${name}. ${why}`)
  return value
}

/** Runs on Cloudflare KV (`--remote`), with the namespace id from the wrangler config. */
export function createRemoteTarget(
  binding: KvBindingConfig,
  preview: boolean,
  configPath?: string,
): KvTarget {
  const namespaceId = preview ? binding.previewId : binding.remoteId
  if (!namespaceId) {
    const field = preview ? 'preview_id' : 'id'
    throw new CliError(
      EXIT.FAILURE,
      `No \`${field}\` for binding ${binding.binding} in ${configPath ?? 'the wrangler config (none found)'}. --remote${preview ? ' --preview' : ''} needs the namespace's \`${field}\` in \`kv_namespaces\`.`,
    )
  }
  const token = requireEnv(
    'CLOUDFLARE_API_TOKEN',
    'Set it to an API token with Workers KV Storage edit permission.',
  )
  const accountId = requireEnv(
    'CLOUDFLARE_ACCOUNT_ID',
    'Set it to the account that owns the namespace.',
  )
  const client = createRestClient({
    apiBase: process.env.CLOUDFLARE_API_BASE_URL ?? DEFAULT_API_BASE_URL,
    accountId,
    namespaceId,
    headers: { authorization: `Bearer ${token}` },
  })
  return createRestTarget(client, binding.binding, `remote namespace ${namespaceId}`)
}
