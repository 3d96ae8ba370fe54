import { join } from 'node:path'
import { KVDEV_STATE_SUBDIR } from '../../constants'
import { readServerInfo, type ServerInfo } from '../../http/server-info'

/**
 * The dev server that owns this store, if one is running; undefined otherwise.
 * `server.json` is read by the module that writes it: it is there only while the server
 * listens, and only while its process lives. No request is made to check: a command's
 * own request is its first and, for a single key, its only one.
 */
export function findDevServer(persistRoot: string): ServerInfo | undefined {
  return readServerInfo(join(persistRoot, KVDEV_STATE_SUBDIR))
}
