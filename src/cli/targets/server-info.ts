import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { KVDEV_STATE_SUBDIR, SERVER_INFO_FILE, TOKEN_HEADER } from '../../constants'
import { isAlive } from '../../runtime/lock'
import { requestHttp } from './http-response'

/** What a dev server writes to `<persistRoot>/kvdev/server.json` so the CLI can go through it. */
export interface DevServerInfo {
  url: string
  base: string
  token: string
  pid: number
  root: string
}

/** How long a dev server has to answer before the CLI treats it as gone. */
const PING_TIMEOUT_MS = 3000

function readServerInfo(persistRoot: string): DevServerInfo | undefined {
  try {
    const info = JSON.parse(
      readFileSync(join(persistRoot, KVDEV_STATE_SUBDIR, SERVER_INFO_FILE), 'utf8'),
    )
    if (
      typeof info?.url === 'string' &&
      typeof info.token === 'string' &&
      typeof info.pid === 'number'
    ) {
      return { ...info, base: typeof info.base === 'string' ? info.base : '' }
    }
  } catch {}
  return undefined
}

/** The dev server that owns this store, if one is running and answers; undefined otherwise. */
export async function findDevServer(persistRoot: string): Promise<DevServerInfo | undefined> {
  const info = readServerInfo(persistRoot)
  if (!info || !isAlive(info.pid)) return undefined
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
