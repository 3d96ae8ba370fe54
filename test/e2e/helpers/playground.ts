import { linkKvdevPackage } from '../../fixtures/plugin-support/link-kvdev'
import {
  copyProject,
  type FixtureServer,
  PLAYGROUND_DIR,
  removeDir,
  startFixtureServer,
} from '../../fixtures/plugin-support/start-fixture'

/**
 * The playground on a fresh copy, served by a real Vite dev server with `kvdev()`; `close`
 * stops it and removes the copy.
 */
export async function startPlayground(
  options: Parameters<typeof startFixtureServer>[1],
): Promise<FixtureServer> {
  const dir = copyProject(PLAYGROUND_DIR, ['vite.config.ts', 'tsconfig.json'])
  // The page imports `kvdev/client` by package name.
  linkKvdevPackage(dir)
  const app = await startFixtureServer(dir, options)
  return {
    ...app,
    async close() {
      await app.close()
      removeDir(dir)
    },
  }
}
