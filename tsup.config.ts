import { defineConfig } from 'tsup'
import { nodeBuiltinsFromRegistry } from './build/node-builtins.ts'
import { esbuildWorkerBundle } from './build/worker-bundle.ts'

const shared = {
  format: ['esm' as const],
  sourcemap: true,
  outExtension: () => ({ js: '.mjs' }),
  esbuildPlugins: [esbuildWorkerBundle()],
}

// Three builds run in parallel, so none cleans its output (a clean one would delete the others'
// declarations): `scripts/build.mjs` builds into a fresh folder and moves the files into `dist`.
export default defineConfig([
  {
    ...shared,
    entry: {
      index: 'src/index.ts',
      vite: 'src/vite.ts',
      hono: 'src/hono.ts',
      cli: 'src/cli/index.ts',
    },
    dts: { entry: { index: 'src/index.ts', vite: 'src/vite.ts', hono: 'src/hono.ts' } },
    target: 'node22',
    platform: 'node',
    external: ['vite', 'hono', 'miniflare'],
    // Bundled from its ES module build into the chunk that reads configs: every CLI command reads
    // the wrangler config, and Node loading the package's six CommonJS files cost each milliseconds.
    noExternal: ['jsonc-parser'],
    esbuildOptions(options) {
      options.mainFields = ['module', 'main']
    },
    plugins: [nodeBuiltinsFromRegistry()],
  },
  {
    // Worker-side entries (workerd, Node) and the browser SDK: no Node built-ins.
    ...shared,
    entry: { rest: 'src/rest.ts', server: 'src/server-entry.ts' },
    dts: true,
    target: 'es2022',
    platform: 'neutral',
    external: ['hono'],
  },
  {
    ...shared,
    entry: { 'client-sdk': 'src/client-sdk.ts' },
    dts: true,
    target: 'es2022',
    platform: 'browser',
    treeshake: true,
  },
])
