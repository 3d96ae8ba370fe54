import { resolve } from 'node:path'

export const REPO = resolve(import.meta.dirname, '../../..')
export const BIN = resolve(REPO, 'bin/kvdev.mjs')
/** The bundled Vite-free server: inside the repo so its bare imports resolve from node_modules. */
export const BARE_SERVER = resolve(REPO, 'node_modules/.cache/kvdev-reliability/bare-server.mjs')
/** The child that runs startDevServer from dist, or Vite with a config file. */
export const DEV_SERVER = resolve(REPO, 'test/reliability/fixtures/dev-server.mjs')
export const ROUTES_FIXTURE = resolve(REPO, 'test/reliability/fixtures/app')

/** Multiplies every count in the suite; CI runs 1. */
export const SCALE = Number(process.env.KVDEV_RELIABILITY_SCALE ?? 1)
export const scaled = (n: number) => Math.max(1, Math.round(n * SCALE))
