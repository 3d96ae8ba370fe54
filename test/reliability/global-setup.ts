import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { build } from 'esbuild'
import { esbuildWorkerBundle } from '../../build/worker-bundle.ts'
import { BARE_SERVER, REPO } from './helpers/paths'

/** Bundles the Vite-free dev server (src is TypeScript) and checks the package is built. */
export default async function setup(): Promise<void> {
  for (const file of ['dist/index.mjs', 'dist/cli.mjs', 'dist/vite.mjs']) {
    if (!existsSync(resolve(REPO, file))) {
      throw new Error(
        `The reliability suite needs the built package: ${file} is missing. Run \`npm run build\` first.`,
      )
    }
  }
  await build({
    entryPoints: [resolve(REPO, 'test/reliability/fixtures/bare-server.ts')],
    outfile: BARE_SERVER,
    bundle: true,
    // kvdev's internal worker, bundled into a string as tsup bundles it.
    plugins: [esbuildWorkerBundle()],
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    logLevel: 'error',
  })
}
