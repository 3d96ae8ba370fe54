import { defineConfig } from 'vitest/config'
import { viteWorkerBundle } from '../../build/worker-bundle.ts'

// Real Chromium against a real server: one file at a time, generous timeouts on a shared machine.
export default defineConfig({
  plugins: [viteWorkerBundle()],
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    globalSetup: ['test/e2e/helpers/build-client.ts'],
  },
})
