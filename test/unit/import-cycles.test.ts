import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = resolve(import.meta.dirname, '../../src')
// `import … from`, `export … from`, `import type …` and bare `import '…'`: type imports count too.
const SPECIFIER = /(?:^|\n)\s*(?:import|export)\b[^'"]*?(?:from\s*)?['"](\.{1,2}\/[^'"?]+)['"]/g

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : []
  })
}

function resolveImport(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier)
  const candidates = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]
  return candidates.find((path) => existsSync(path))
}

/** Every import cycle of `src/`, each as its files from the first of them, relative to `src/`. */
function findCycles(): string[] {
  const graph = new Map<string, string[]>()
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8')
    const targets = [...text.matchAll(SPECIFIER)]
      .map((match) => resolveImport(file, match[1]!))
      .filter((target): target is string => target !== undefined)
    graph.set(file, targets)
  }
  const cycles = new Set<string>()
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (file: string) => {
    state.set(file, 'open')
    stack.push(file)
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') {
        const cycle = stack.slice(stack.indexOf(next)).map((path) => relative(SRC, path))
        const first = cycle.indexOf([...cycle].sort()[0]!)
        cycles.add([...cycle.slice(first), ...cycle.slice(0, first)].join(' > '))
      } else if (!state.has(next)) visit(next)
    }
    stack.pop()
    state.set(file, 'done')
  }
  for (const file of graph.keys()) if (!state.has(file)) visit(file)
  return [...cycles].sort()
}

describe('import graph of src (issue 19)', () => {
  it('has no import cycles, type imports included', () => {
    expect(findCycles()).toEqual([])
  })
})
