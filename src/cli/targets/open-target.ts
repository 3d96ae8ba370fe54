import { resolve } from 'node:path'
import { getDefaultStateDir } from '../../config/default-state-dir'
import { type KvBindingConfig, resolveWranglerConfig } from '../../config/wrangler-config'
import { isKvdevError } from '../../errors'
import { chooseStandalone } from '../../runtime/backend/choose'
import type { CommonOptions } from '../common-options'
import { usageError } from '../exit'
import { createDiskTarget } from './disk-target'
import { withLocalHistory } from './local-history'
import { findDevServer } from './server-info'
import type { KvTarget } from './target'

/** How long a CLI run waits for another process holding the store (a second CLI run). */
const LOCK_WAIT_MS = 30_000
/** Between tries, the CLI looks again for a dev server that may have started meanwhile. */
const LOCK_RETRY_MS = 500

function pickBinding(
  bindings: KvBindingConfig[],
  name: string | undefined,
  path?: string,
): KvBindingConfig {
  if (name === undefined) return bindings[0]!
  const found = bindings.find((b) => b.binding === name)
  if (!found) {
    throw usageError(
      `No KV binding named "${name}" in ${path ?? 'the project (no wrangler config)'}. Configured bindings: ${bindings.map((b) => b.binding).join(', ')}.`,
    )
  }
  return found
}

/** Resolves where a command runs: `--remote`, else a running dev server, else the local store directly. */
export async function openTarget(common: CommonOptions, cwd = process.cwd()): Promise<KvTarget> {
  const config = resolveWranglerConfig({ root: cwd, configPath: common.config, env: common.env })
  const binding = pickBinding(config.bindings, common.binding, config.path)
  // Each other target is loaded when taken: a run on the store's files loads no HTTP client.
  if (common.remote)
    return (await import('./remote-target')).createRemoteTarget(
      binding,
      common.preview,
      config.path,
    )
  const persistRoot = common.persistTo
    ? resolve(cwd, common.persistTo)
    : resolve(config.dir, getDefaultStateDir(config.dir))
  const deadline = Date.now() + LOCK_WAIT_MS
  for (;;) {
    const server = findDevServer(persistRoot)
    if (server) return (await import('./server-target')).createServerTarget(server, binding.binding)
    const lockWaitMs = () => Math.min(LOCK_RETRY_MS, Math.max(0, deadline - Date.now()))
    try {
      // The one chooser decides: the namespace's files in place (no workerd to start), or createKvRuntime.
      const chosen = await chooseStandalone(
        persistRoot,
        binding.id,
        'cli',
        lockWaitMs(),
        async () => {
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
        },
      )
      if (chosen.kind === 'files') {
        return withLocalHistory(createDiskTarget(chosen, binding.binding), persistRoot, binding)
      }
      return (await import('./direct-target')).createDirectTarget(chosen.runtime, binding.binding)
    } catch (error) {
      if (isKvdevError(error) && error.code === 'ERR_LOCKED' && Date.now() < deadline) continue
      throw error
    }
  }
}
