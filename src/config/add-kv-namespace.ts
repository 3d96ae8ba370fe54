import {
  applyEdits,
  type Edit,
  findNodeAtLocation,
  modify,
  type Node,
  parseTree,
} from 'jsonc-parser'
import { parse as parseToml } from 'smol-toml'
import { KvdevError } from '../errors'
import { parseJsonc, stripBom } from './jsonc'

export type ConfigFormat = 'jsonc' | 'toml'

/** `env.<name>` or the top level. */
function sectionOf(config: unknown, env: string | undefined): Record<string, unknown> | undefined {
  const root = config as Record<string, unknown> | undefined
  if (env === undefined) return root
  return (root?.env as Record<string, Record<string, unknown>> | undefined)?.[env]
}

/** Whether the config (its `env.<name>` section when `env` is set) binds a KV namespace as `binding`. */
export function hasKvNamespace(config: unknown, binding: string, env?: string): boolean {
  const namespaces = sectionOf(config, env)?.kv_namespaces
  return Array.isArray(namespaces) && namespaces.some((n) => n?.binding === binding)
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1
}

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset)
  return end === -1 ? text.length : end
}

function indentAt(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, offset)))![0]
}

/** After a node, only a comma and a comment may follow on its line: then a new line can go below it. */
const LINE_TAIL = /^[ \t]*(,?)[ \t]*(\/\/.*|\/\*.*\*\/[ \t]*)?\r?$/

/**
 * Edits that add `line` as a new last member of a multi-line array or object, below its last
 * member, at the same indentation, in the file's own comma style; undefined when the container
 * is empty or on one line (then `modify` does it).
 */
function appendBelow(text: string, container: Node, line: string): Edit[] | undefined {
  const last = container.children?.at(-1)
  if (!last) return undefined
  const lastEnd = last.offset + last.length
  const end = lineEnd(text, lastEnd)
  const tail = LINE_TAIL.exec(text.slice(lastEnd, end))
  if (!tail || lineStart(text, container.offset) === lineStart(text, last.offset)) return undefined
  const trailingComma = tail[1] === ','
  const eol = text[end - 1] === '\r' ? '\r\n' : '\n'
  const at = text[end - 1] === '\r' ? end - 1 : end
  const edits: Edit[] = trailingComma ? [] : [{ offset: lastEnd, length: 0, content: ',' }]
  const content = `${eol}${indentAt(text, last.offset)}${line}${trailingComma ? ',' : ''}`
  edits.push({ offset: at, length: 0, content })
  return edits
}

function indentUnit(text: string): string {
  const indent = /^([ \t]+)"/m.exec(text)?.[1]
  return indent?.startsWith('\t') ? '\t' : (indent ?? '  ')
}

function addToJsonc(text: string, binding: string, env: string | undefined): string {
  const tree = parseTree(text, [], { allowTrailingComma: true })
  if (!tree) throw new KvdevError('ERR_CONFIG', 'The config file is empty. Write `{}` into it.')
  const section = env === undefined ? ['kv_namespaces'] : ['env', env, 'kv_namespaces']
  const entry = { binding }
  const entryText = `{ "binding": ${JSON.stringify(binding)} }`
  const eol = text.includes('\r\n') ? '\r\n' : '\n'
  const namespaces = findNodeAtLocation(tree, section)
  const parent = findNodeAtLocation(tree, section.slice(0, -1))
  let edits: Edit[] | undefined
  if (namespaces?.type === 'array') {
    edits = appendBelow(text, namespaces, entryText)
  } else if (parent?.type === 'object' && !namespaces) {
    const unit = indentUnit(text)
    const last = parent.children?.at(-1)
    const indent = last ? indentAt(text, last.offset) : ''
    const property = `"kv_namespaces": [${eol}${indent}${unit}${entryText}${eol}${indent}]`
    edits = appendBelow(text, parent, property)
  }
  if (!edits) {
    const unit = indentUnit(text)
    const formattingOptions = { insertSpaces: unit !== '\t', tabSize: unit.length, eol }
    edits = namespaces
      ? modify(text, [...section, -1], entry, {}).map((edit) => ({
          ...edit,
          content: edit.content.replace(/^,/, ', ').replace(JSON.stringify(entry), entryText),
        }))
      : modify(text, section, [entry], { formattingOptions })
  }
  return applyEdits(text, edits)
}

function tomlKey(name: string): string {
  return /^[A-Za-z0-9_-]+$/.test(name) ? name : JSON.stringify(name)
}

function addToToml(text: string, binding: string, env: string | undefined): string {
  const table = env === undefined ? 'kv_namespaces' : `env.${tomlKey(env)}.kv_namespaces`
  const eol = text.includes('\r\n') ? '\r\n' : '\n'
  const body = text === '' || text.endsWith('\n') ? text : `${text}${eol}`
  const gap = body.trim() === '' ? '' : eol
  return `${body}${gap}[[${table}]]${eol}binding = ${JSON.stringify(binding)}${eol}`
}

/**
 * The config text with a `kv_namespaces` entry `{ binding }` added (in `env.<name>` when `env`
 * is set), everything else kept as the user wrote it: JSONC gets a line below the last entry
 * (or a new `kv_namespaces` property), TOML a `[[kv_namespaces]]` table at the end. Undefined
 * when the binding is already there. Throws when the result would not read back as intended.
 */
export function addKvNamespace(
  text: string,
  format: ConfigFormat,
  binding: string,
  env?: string,
): string | undefined {
  const read = (source: string) =>
    format === 'toml' ? parseToml(stripBom(source)) : parseJsonc(source)
  if (hasKvNamespace(read(text), binding, env)) return undefined
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : ''
  const body = stripBom(text)
  const edited = bom + (format === 'toml' ? addToToml : addToJsonc)(body, binding, env)
  let ok = false
  try {
    ok = hasKvNamespace(read(edited), binding, env)
  } catch {}
  if (!ok) {
    throw new KvdevError(
      'ERR_CONFIG',
      `Could not add the KV binding "${binding}" to this config without rewriting it. Add \`kv_namespaces\` with { "binding": "${binding}" } by hand.`,
    )
  }
  return edited
}
