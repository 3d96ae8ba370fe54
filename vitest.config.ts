import { defineConfig } from 'vitest/config'
import { viteWorkerBundle } from './build/worker-bundle.ts'

export default defineConfig({
  plugins: [viteWorkerBundle()],
  test: {
    include: [
      'test/unit/**/*.test.ts',
      'test/integration/**/*.test.ts',
      'test/cli/**/*.test.ts',
      'test/types/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
