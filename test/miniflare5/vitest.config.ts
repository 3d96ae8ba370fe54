import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { viteWorkerBundle } from '../../build/worker-bundle.ts'

// The suites that prove kvdev's binding, again on Miniflare 5 (what the current wrangler runs):
// every `import 'miniflare'`, kvdev's own and the reference's, resolves to the npm alias `miniflare-5`.
export default defineConfig({
  plugins: [viteWorkerBundle()],
  resolve: {
    alias: [
      {
        find: /^miniflare$/,
        replacement: fileURLToPath(
          new URL('../../node_modules/miniflare-5/dist/src/index.js', import.meta.url),
        ),
      },
    ],
  },
  test: {
    include: [
      'test/miniflare5/**/*.test.ts',
      'test/integration/kv-binding-contract.test.ts',
      'test/integration/kv-differential.test.ts',
      'test/integration/runtime-store.test.ts',
      'test/integration/runtime-reconfigure.test.ts',
      'test/integration/disk-store.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
