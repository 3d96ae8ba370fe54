import { type FlagsOf, type OptionDefs, readFlags } from './options'

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
} as const satisfies OptionDefs

export type CommonOptions = FlagsOf<typeof COMMON_OPTIONS>

export function readCommonOptions(
  values: Record<string, string | boolean | undefined>,
): CommonOptions {
  return readFlags(COMMON_OPTIONS, values)
}
