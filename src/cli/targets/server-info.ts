import { join } from 'node:path'
import { KVDEV_STATE_SUBDIR, TOKEN_HEADER } from '../../constants'
import { readServerInfo, type ServerInfo } from '../../server/server-info'
import { requestHttp } from './http-response'

/** How long a dev server has to answer before the CLI treats it as gone. */
const PING_TIMEOUT_MS = 3000

/**
 * The dev server that owns this store, if one is running and answers; undefined otherwise.
 * `server.json` is read by the module that writes it.
 */
export async function findDevServer(persistRoot: string): Promise<ServerInfo | undefined> {
  const info = readServerInfo(join(persistRoot, KVDEV_STATE_SUBDIR))
  if (!info) return undefined
  try {
    const response = await requestHttp(`${info.url.replace(/\/+$/, '')}${info.base}/api/info`, {
      headers: { [TOKEN_HEADER]: info.token },
      signal: AbortSignal.timeout(PING_TIMEOUT_MS),
    })
    await response.text()
    return response.ok ? info : undefined
  } catch {
    return undefined
  }
}
