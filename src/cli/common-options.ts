import type { OptionDef } from './command'

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  binding: {
    type: 'string',
    short: 'b',
    valueName: 'name',
    description: 'KV binding to use (default: the first in the config)',
  },
  config: {
    type: 'string',
    short: 'c',
    valueName: 'path',
    description: 'wrangler config file (default: wrangler.jsonc, .json or .toml)',
  },
  env: {
    type: 'string',
    short: 'e',
    valueName: 'name',
    description: 'environment section of the config (env.<name>)',
  },
  preview: { type: 'boolean', description: "with --remote: use the namespace's preview_id" },
  'persist-to': {
    type: 'string',
    valueName: 'dir',
    description: 'local state directory, as wrangler --persist-to (default: .wrangler/state)',
  },
  remote: {
    type: 'boolean',
    description: 'work on Cloudflare KV (needs CLOUDFLARE_API_TOKEN, CLOUDFLARE_ACCOUNT_ID)',
  },
  json: { type: 'boolean', description: 'machine-readable JSON on stdout' },
  raw: { type: 'boolean', description: 'raw output: values byte for byte, one key per line' },
  force: {
    type: 'boolean',
    short: 'f',
    description: 'skip the confirmation of destructive commands',
  },
  quiet: { type: 'boolean', short: 'q', description: 'no progress or summary on stderr' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
} as const satisfies Record<string, OptionDef>

export interface CommonOptions {
  binding?: string
  config?: string
  env?: string
  preview: boolean
  persistTo?: string
  remote: boolean
  json: boolean
  raw: boolean
  force: boolean
  quiet: boolean
  help: boolean
}

export function readCommonOptions(
  values: Record<string, string | boolean | undefined>,
): CommonOptions {
  const text = (name: string) =>
    typeof values[name] === 'string' ? (values[name] as string) : undefined
  return {
    binding: text('binding'),
    config: text('config'),
    env: text('env'),
    preview: values.preview === true,
    persistTo: text('persist-to'),
    remote: values.remote === true,
    json: values.json === true,
    raw: values.raw === true,
    force: values.force === true,
    quiet: values.quiet === true,
    help: values.help === true,
  }
}
