import { fileURLToPath } from 'node:url'
import kvdev from 'kvdev/vite'
import { defineConfig } from 'vite'

export default defineConfig({
  // `npm run dev` runs from the repository root: the app, its routes and its store live here.
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [
    kvdev({
      // Two players, so the inspector's user switcher and per-user grouping have something to show.
      user: [
        {
          sub: '7a1c4d2e-0b5f-4e8a-9c3d-1f2e3a4b5c6d',
          name: 'Ada Lovelace',
          email: 'ada@playground.dev',
        },
        {
          sub: 'c9e8f7a6-5b4c-4d3e-8f2a-1b0c9d8e7f6a',
          name: 'Grace Hopper',
          email: 'grace@playground.dev',
        },
      ],
    }),
  ],
})
