import { join } from 'node:path'
import { build } from 'esbuild'
import { esbuildWorkerBundle } from '../../build/worker-bundle.ts'

/**
 * Bundles `lines` (exports from `<root>/src`, this checkout's or another's) into one module
 * beside the bench, so its packages resolve from this checkout's node_modules, and imports it.
 */
export async function importSource(root, name, lines) {
  const bundle = join(import.meta.dirname, '..', '.tmp', `${name}-${process.pid}.mjs`)
  await build({
    stdin: { contents: lines.join('\n'), resolveDir: root, loader: 'ts' },
    bundle: true,
    // kvdev's internal worker, bundled into a string as tsup bundles it.
    plugins: [esbuildWorkerBundle()],
    packages: 'external',
    platform: 'node',
    format: 'esm',
    outfile: bundle,
    logLevel: 'error',
  })
  return { module: await import(bundle), bundle }
}
