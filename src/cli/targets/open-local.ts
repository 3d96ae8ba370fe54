import type { KvBindingConfig, WranglerConfig } from '../../config/wrangler-config'
import { chooseStandalone } from '../../runtime/backend/choose'
import type { CommonOptions } from '../common-options'
import { createDiskTarget } from './disk-target'
import { withLocalHistory } from './local-history'
import type { KvTarget } from './target'

/**
 * Opens the local store in this process, under its lock (waiting up to `lockWaitMs()` for
 * another holder): the namespace's files in place, or a runtime of its own when the files can't
 * be used. Loaded only when no dev server owns the store: a run through a server loads none of it.
 */
export async function openLocalTarget(
  common: CommonOptions,
  config: WranglerConfig,
  binding: KvBindingConfig,
  persistRoot: string,
  lockWaitMs: () => number,
): Promise<KvTarget> {
  // The one chooser decides: the namespace's files in place (no workerd to start), or createKvRuntime.
  const chosen = await chooseStandalone(persistRoot, binding.id, 'cli', lockWaitMs(), async () => {
    // Loaded on demand: Miniflare takes seconds to import, and help, --remote and the dev server path never need it.
    const { createKvRuntime } = await import('../../runtime/create-kv-runtime')
    return createKvRuntime({
      root: config.dir,
      configPath: config.path,
      env: common.env,
      persist: persistRoot,
      role: 'cli',
      lockWaitMs: lockWaitMs(),
    })
  })
  if (chosen.kind === 'files') {
    return withLocalHistory(createDiskTarget(chosen, binding.binding), persistRoot, binding)
  }
  return (await import('./direct-target')).createDirectTarget(chosen.runtime, binding.binding)
}
