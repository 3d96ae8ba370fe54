import * as nodeModule from 'node:module'
import { quietly } from './quietly'

type Strip = typeof nodeModule.stripTypeScriptTypes

// Node 22.13+; `kvdev dev` falls back to Vite where it is missing (see canLoadWithNode).
const strip = (nodeModule as { stripTypeScriptTypes?: Strip }).stripTypeScriptTypes

/** True when this Node can strip TypeScript and take module hooks in this thread (22.15+). */
export function canLoadWithNode(): boolean {
  return typeof strip === 'function' && typeof nodeModule.registerHooks === 'function'
}

export interface Stripped {
  code: string
  /** True when the code carries an inline source map (Node applies it once source maps are on). */
  mapped: boolean
}

/**
 * JavaScript from a TypeScript module. Types are replaced by spaces, so lines and columns stay
 * those of the file and stacks need no source map; syntax that needs code (`enum`, `namespace`,
 * parameter properties) is transformed instead, with an inline source map.
 */
export function stripTypes(source: string, file: string): Stripped {
  return quietly('stripTypeScriptTypes', () => {
    try {
      return { code: strip!(source, { mode: 'strip', sourceUrl: file }), mapped: false }
    } catch (error) {
      const { code, message, stack } = error as NodeJS.ErrnoException
      if (code === 'ERR_INVALID_TYPESCRIPT_SYNTAX') {
        // Node puts the line in the stack's first line (`<file>:<line>`), not in the message.
        const line = stack?.split('\n', 1)[0]?.match(/:(\d+)$/)?.[1]
        throw new SyntaxError(
          `[kvdev] TypeScript that does not compile: ${file}${line ? `:${line}` : ''} (${message}). Fix the file: its route answers again once it is saved.`,
          { cause: error },
        )
      }
      if (code !== 'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX') throw error
    }
    const code = strip!(source, { mode: 'transform', sourceMap: true, sourceUrl: file })
    return { code, mapped: true }
  })
}
