import { defineConfig } from 'vitest/config'
import { viteWorkerBundle } from '../../build/worker-bundle.ts'

// The reliability suite: crash, concurrency, model-based, hostile-input, boundary and lifecycle
// tests. Slow by design, so it runs on its own (`npm run test:reliability`, after `npm run build`).
export default defineConfig({
  plugins: [viteWorkerBundle()],
  test: {
    include: ['test/reliability/**/*.test.ts'],
    globalSetup: ['test/reliability/global-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two files at a time on a 2-core runner (vitest's default would run them one by one there).
    maxWorkers: 2,
  },
})
