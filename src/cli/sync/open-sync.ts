import { resolveWranglerConfig } from '../../config/wrangler-config'
import type { CommonOptions } from '../common-options'
import { usageError } from '../exit'
import { openTarget } from '../targets/open-target'
import { createRemoteTarget } from '../targets/remote-target'
import type { KvTarget } from '../targets/target'

export interface SyncTargets {
  local: KvTarget
  remote: KvTarget
  close(): Promise<void>
}

/**
 * Both ends of a pull or push: the local store (a dev server when one runs, else the files)
 * and the remote namespace, named by `--namespace-id` (an id `wrangler kv namespace list`
 * prints) or by the config's `id` (`preview_id` with `--preview`).
 */
export async function openSync(
  common: CommonOptions,
  command: string,
  namespaceId: string | undefined,
  cwd = process.cwd(),
): Promise<SyncTargets> {
  if (!common.remote) {
    throw usageError(
      `\`kvdev ${command}\` needs --remote: it copies between the local store and a namespace on Cloudflare.`,
    )
  }
  const config = resolveWranglerConfig({ root: cwd, configPath: common.config, env: common.env })
  const local = await openTarget({ ...common, remote: false }, cwd)
  try {
    const binding = config.bindings.find((b) => b.binding === local.binding)!
    const remote = createRemoteTarget(
      namespaceId === undefined ? binding : { ...binding, remoteId: namespaceId },
      namespaceId === undefined && common.preview === true,
      config.path,
    )
    return { local, remote, close: () => local.close() }
  } catch (error) {
    await local.close()
    throw error
  }
}
