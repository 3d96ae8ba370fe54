import * as nodeModule from 'node:module'
import { quietly } from './quietly'

type Strip = typeof nodeModule.stripTypeScriptTypes

// Node 22.13+; `kvdev dev` falls back to Vite where it is missing (see canLoadWithNode).
const strip = (nodeModule as { stripTypeScriptTypes?: Strip }).stripTypeScriptTypes

/** True when this Node can strip TypeScript and take module hooks in this thread (22.15+). */
export function canLoadWithNode(): boolean {
  return typeof strip === 'function' && typeof nodeModule.registerHooks === 'function'
}

/**
 * JavaScript from a TypeScript module. Types are replaced by spaces, so lines and columns stay
 * those of the file and stacks need no source map; syntax that needs code (`enum`, `namespace`,
 * parameter properties) is transformed instead, with an inline source map that Node applies.
 */
export function stripTypes(source: string, file: string): string {
  return quietly('stripTypeScriptTypes', () => {
    try {
      return strip!(source, { mode: 'strip' })
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX') throw error
    }
    process.setSourceMapsEnabled(true)
    return strip!(source, { mode: 'transform', sourceMap: true, sourceUrl: file })
  })
}
