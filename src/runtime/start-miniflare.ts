import { createRequire } from 'node:module'
import { Miniflare, type MiniflareOptions } from 'miniflare'
import { isKvdevError } from '../errors'
import { whileGuarding } from './guarded-start'

const MINIFLARE_VERSION: string = createRequire(import.meta.url)('miniflare/package.json').version

/**
 * Starts Miniflare with its loopback server guarded from before it listens. If it cannot be
 * guarded, Miniflare is disposed and the error says why.
 */
export async function startMiniflare(options: MiniflareOptions): Promise<Miniflare> {
  let mf: Miniflare | undefined
  try {
    await whileGuarding(
      async () => {
        mf = new Miniflare(options)
        await mf.ready
      },
      { expectServer: true, miniflare: MINIFLARE_VERSION },
    )
  } catch (error) {
    // Unguarded: it must not run on (its other failures are create-kv-runtime's to explain).
    if (isKvdevError(error)) await mf?.dispose().catch(() => {})
    throw error
  }
  return mf!
}

/** `setOptions` with any server Miniflare starts for it guarded alike. */
export async function setMiniflareOptions(mf: Miniflare, options: MiniflareOptions): Promise<void> {
  await whileGuarding(
    async () => {
      await mf.setOptions(options)
      await mf.ready
    },
    { expectServer: false, miniflare: MINIFLARE_VERSION },
  )
}
