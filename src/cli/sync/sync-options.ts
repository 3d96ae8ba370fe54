import { dryRunOption, PREFIX_OPTION } from '../shared-options'

/** The options `pull` and `push` share. */
export const SYNC_OPTIONS = {
  prefix: PREFIX_OPTION,
  'namespace-id': {
    type: 'string',
    valueName: 'id',
    description:
      "the remote namespace (as `wrangler kv namespace list` prints it); default: the config's id",
  },
  'dry-run': dryRunOption('what would be written'),
} as const
