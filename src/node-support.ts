/** The oldest Node kvdev supports (package.json's `engines`). */
export const MIN_NODE = [22, 12] as const

/**
 * One line saying this Node is too old and what is slower on it, or undefined on a supported
 * Node. kvdev still runs on Node 20 (nothing refuses it), but without `node:sqlite` every CLI
 * command starts workerd and the binding loses its read and write path on the store's files.
 */
export function getNodeSupportWarning(version = process.versions.node): string | undefined {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  if (major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1])) return undefined
  return `[kvdev] Node ${version} is older than kvdev supports: it needs Node ${MIN_NODE.join('.')} or later. Here, without node:sqlite, every CLI command starts workerd (about 1 s instead of 0.1 s) and the dev server's KV binding goes through workerd for every call. Install Node 22.12 or later.`
}

// Across bundles: `kvdev dev` loads the CLI and the plugin as separate modules in one process.
const WARNED = Symbol.for('kvdev.node-support-warned')

/** The warning the first time a kvdev module in this process asks, then undefined: one line. */
export function takeNodeSupportWarning(): string | undefined {
  const scope = globalThis as { [WARNED]?: true }
  if (scope[WARNED]) return undefined
  const warning = getNodeSupportWarning()
  if (warning) scope[WARNED] = true
  return warning
}
