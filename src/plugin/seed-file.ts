import { existsSync, readFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import type { Logger, ViteDevServer } from 'vite'
import { KvdevError } from '../errors'
import { parseSeed } from '../formats'
import type { ResolvedOptions } from '../options'
import type { KvRuntime } from '../runtime/create-kv-runtime'

/** The seed file's absolute path, or null when seeding is off or the default file is absent. */
export function getSeedFile(options: ResolvedOptions, root: string): string | null {
  if (!options.seed) return null
  const file = resolve(root, options.seed.file)
  if (existsSync(file)) return file
  if (options.seed.explicit) {
    throw new KvdevError(
      'ERR_OPTION',
      `Seed file not found: ${file}. Check \`seed\`, or pass \`seed: false\`.`,
    )
  }
  return null
}

/** Seeds the first binding from the file when it holds no keys, so a fresh clone starts with data. */
export async function seedIfEmpty(runtime: KvRuntime, file: string, logger: Logger): Promise<void> {
  const store = runtime.store()
  if ((await store.count()) > 0) return
  const records = parseSeed(readFileSync(file, 'utf8'), { file })
  const { written } = await store.seed(records, 'merge')
  const binding = runtime.bindings[0]!.binding
  logger.info(
    `[kvdev] Seeded ${written} keys into ${binding} from ${relative(process.cwd(), file)}.`,
    {
      timestamp: true,
    },
  )
}

/** Announces seed file edits; data is never replaced behind the developer's back. */
export function watchSeedFile(
  server: ViteDevServer,
  file: string,
  inspectorUrl: string | null,
): () => void {
  server.watcher.add(file)
  const onChange = (changed: string) => {
    if (resolve(changed) !== file) return
    const how = inspectorUrl ? `the inspector (${inspectorUrl}) or \`kvdev seed\`` : '`kvdev seed`'
    server.config.logger.info(
      `[kvdev] ${relative(server.config.root, file)} changed. Reseed with ${how}.`,
      {
        timestamp: true,
      },
    )
  }
  server.watcher.on('change', onChange)
  return () => server.watcher.off('change', onChange)
}
