import { dirname, resolve } from 'node:path'
import { build, type Plugin as EsbuildPlugin } from 'esbuild'
import type { Plugin as VitePlugin } from 'vite'

/**
 * kvdev's internal worker is TypeScript under `src/runtime/worker/`, sharing modules with the
 * Node side, and runs inside workerd as one ES module. `import SOURCE from './x.worker?bundle'`
 * gives that module's bundle as a string, as Miniflare's own `import SCRIPT from "worker:…"`
 * does: tsup uses the esbuild plugin at build time, vitest the Vite plugin on the sources.
 */
const SUFFIX = '?bundle'

async function bundle(entry: string): Promise<{ code: string; files: string[] }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    // workerd's own modules, with the `nodejs_compat` flag the worker runs under.
    external: ['node:*'],
    legalComments: 'none',
  })
  const files = Object.keys(result.metafile.inputs).map((file) => resolve(file))
  return { code: result.outputFiles[0]!.text, files }
}

const toModule = (code: string) => `export default ${JSON.stringify(code)}`

export function esbuildWorkerBundle(): EsbuildPlugin {
  return {
    name: 'kvdev-worker-bundle',
    setup(build) {
      build.onResolve({ filter: /\?bundle$/ }, (args) => ({
        path: resolve(args.resolveDir, args.path.slice(0, -SUFFIX.length)),
        namespace: 'kvdev-worker-bundle',
      }))
      build.onLoad({ filter: /.*/, namespace: 'kvdev-worker-bundle' }, async (args) => {
        const { code, files } = await bundle(`${args.path}.ts`)
        return { contents: toModule(code), loader: 'js', watchFiles: files }
      })
    },
  }
}

export function viteWorkerBundle(): VitePlugin {
  return {
    name: 'kvdev-worker-bundle',
    enforce: 'pre',
    resolveId(id, importer) {
      if (!id.endsWith(SUFFIX) || !importer) return undefined
      return `\0${resolve(dirname(importer), id.slice(0, -SUFFIX.length))}${SUFFIX}`
    },
    async load(id) {
      if (!id.startsWith('\0') || !id.endsWith(SUFFIX)) return undefined
      const { code, files } = await bundle(`${id.slice(1, -SUFFIX.length)}.ts`)
      for (const file of files) this.addWatchFile(file)
      return toModule(code)
    },
  }
}
