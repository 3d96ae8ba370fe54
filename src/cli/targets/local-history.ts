import { resolve } from 'node:path'
import type { KvBindingConfig } from '../../config/wrangler-config'
import { KVDEV_STATE_SUBDIR } from '../../constants'
import { createStoreHistory } from '../../runtime/history/store-history'
import type { KvTarget } from './target'

/**
 * The store clock and snapshots on the local store's files, for a target holding the store's
 * lock: no other kvdev process writes meanwhile, and no dev server has a cache or a view to tell.
 */
export function withLocalHistory(
  target: KvTarget,
  persistRoot: string,
  binding: KvBindingConfig,
): KvTarget {
  const history = createStoreHistory({
    binding: binding.binding,
    namespaceId: binding.id,
    persistRoot,
    stateDir: resolve(persistRoot, KVDEV_STATE_SUBDIR),
    exclusive: async (work) => work(),
    changed: () => {},
  })
  return { ...target, history }
}
