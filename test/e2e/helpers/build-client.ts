import { fileURLToPath } from 'node:url'
import { build } from 'vite'

/** Builds the inspector SPA into dist/client once before the browser tests. */
export default async function setup(): Promise<void> {
  await build({
    configFile: fileURLToPath(new URL('../../../src/inspector/vite.config.ts', import.meta.url)),
    logLevel: 'warn',
  })
}
