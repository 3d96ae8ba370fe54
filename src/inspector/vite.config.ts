import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))

// Built once into dist/client and served prebuilt by the dev server (like vite-plugin-inspect):
// relative asset URLs so the page works under any inspector base.
export default defineConfig({
  root,
  base: './',
  // Preact without a preset: Vite 8 transforms JSX with Oxc.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/client', import.meta.url)),
    emptyOutDir: true,
    // The page runs under a strict CSP (script-src 'self'): no inline polyfill.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    target: 'es2022',
  },
})
