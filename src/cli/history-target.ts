import type { StoreHistory } from '../runtime/history/store-history'
import { CliError, EXIT } from './exit'
import type { KvTarget } from './targets/target'

/** The target's store clock and snapshots, or a usage error: Cloudflare has neither. */
export function requireHistory(target: KvTarget, command: string): StoreHistory {
  if (target.history) return target.history
  throw new CliError(
    EXIT.USAGE,
    `\`kvdev ${command}\` works on the local store, not on ${target.label}. Drop --remote.`,
  )
}
