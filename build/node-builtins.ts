import { isBuiltin } from 'node:module'

/** One `import … from "<built-in>";` statement as esbuild prints it (a name list may span lines). */
const IMPORT =
  /^import\s+(?:([\w$]+)\s*,\s*)?(?:\{([^}]*)\}|\*\s+as\s+([\w$]+)|([\w$]+))?\s*from\s*"([^"]+)";/gm

/**
 * Node's built-in modules taken from `process.getBuiltinModule()` instead of `import`ed, in the
 * bundles tsup writes. Node builds an ES module facade for each built-in a bundle imports,
 * reading every export once: `node:util`'s loads its diff printer, which opens
 * `process.stderr`; `node:fs`'s loads its streams; `node:http`'s loads fetch. A CLI command paid
 * milliseconds for code it never called. Destructuring reads only the names the module uses.
 * The statement keeps its lines, so the source map still holds; modules stay in dependency
 * order, so each name is bound before any code of its module runs.
 */
export function nodeBuiltinsFromRegistry() {
  return {
    name: 'kvdev-node-builtins',
    renderChunk(code: string) {
      const rewritten = code.replace(
        IMPORT,
        (statement, first, names, namespace, only, from: string) => {
          if (!isBuiltin(from)) return statement
          const get = `process.getBuiltinModule(${JSON.stringify(from)})`
          const whole = first ?? namespace ?? only
          const bindings: string[] = []
          if (whole) bindings.push(`${whole} = ${get}`)
          if (names !== undefined) bindings.push(`{${names.replace(/\s+as\s+/g, ': ')}} = ${get}`)
          return bindings.length === 0 ? statement : `const ${bindings.join(', ')};`
        },
      )
      return { code: rewritten }
    },
  }
}
