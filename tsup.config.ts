import { defineConfig } from 'tsup'

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    vite: 'src/vite.ts',
    hono: 'src/hono.ts',
    cli: 'src/cli/index.ts',
  },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts', vite: 'src/vite.ts', hono: 'src/hono.ts' } },
  target: 'node22',
  platform: 'node',
  clean: true,
  sourcemap: true,
  outExtension: () => ({ js: '.mjs' }),
  external: ['vite', 'hono', 'miniflare'],
})
