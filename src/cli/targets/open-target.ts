import { resolve } from 'node:path'
import { getDefaultStateDir } from '../../config/default-state-dir'
import { type KvBindingConfig, resolveWranglerConfig } from '../../config/wrangler-config'
import { isKvdevError } from '../../errors'
import type { CommonOptions } from '../common-options'
import { usageError } from '../exit'
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
  // Each target is loaded when taken: a run on the store's files loads no HTTP client, and a
  // run through a dev server neither node:sqlite nor the files' code.
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
      const { openLocalTarget } = await import('./open-local')
      return await openLocalTarget(common, config, binding, persistRoot, lockWaitMs)
    } catch (error) {
      if (isKvdevError(error) && error.code === 'ERR_LOCKED' && Date.now() < deadline) continue
      throw error
    }
  }
}
