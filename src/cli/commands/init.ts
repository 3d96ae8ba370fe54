import { DEFAULT_BINDING } from '../../constants'
import { defineCommand } from '../command'
import { usageError } from '../exit'
import { applyInit, checkInitTargets } from '../init/apply-init'
import { planInit } from '../init/plan-init'
import { renderChanges } from '../init/render-changes'
import { VITE_LINES } from '../init/templates'
import type { Io } from '../io'
import { plural } from '../report'
import { dryRunOption } from '../shared-options'

/** wrangler exposes a binding as `env.<name>`: a JavaScript identifier. */
const BINDING_NAME = /^[A-Za-z_$][\w$]*$/

function adviseVite(io: Io, path: string | undefined): void {
  if (path === undefined) return
  io.info(`[kvdev] Add kvdev to ${path} (or serve the routes with \`kvdev dev\`):`)
  for (const line of VITE_LINES) io.info(`  ${line}`)
}

export default defineCommand({
  name: 'init',
  summary: 'Add KV to this project: the wrangler binding, a seed file, an example route',
  details: [
    'Adds { "binding": "KV" } (--binding names another) to kv_namespaces in wrangler.jsonc,',
    'wrangler.json or wrangler.toml, keeping your comments and formatting, or creates',
    'wrangler.jsonc; creates seeds/kv.json and server/api/player-state.ts when absent; adds',
    '.wrangler to .gitignore; adds kvdev() to the plugins of vite.config.* (an edit of its syntax',
    'tree: the rest keeps its layout), or creates vite.config.ts; prints the lines to add to a',
    'config it cannot edit (a function, CommonJS). $schema is written only when wrangler is',
    'installed. It never overwrites a file, and a second run changes nothing. It changes all or',
    'nothing: every file is checked before the first write, and a path that a symlink takes out',
    'of the project is refused. The entry has no id: locally the namespace id is the binding',
    'name, and `wrangler deploy` creates the remote namespace.',
  ],
  options: { 'dry-run': dryRunOption('the changes as a diff') },
  async run({ flags, common, io }) {
    if (common.remote)
      throw usageError('`kvdev init` sets up the local project: --remote does not apply. Drop it.')
    const binding = common.binding ?? DEFAULT_BINDING
    if (!BINDING_NAME.test(binding)) {
      throw usageError(
        `Invalid --binding: ${JSON.stringify(binding)}. A binding name is a JavaScript identifier: letters, digits, _ and $, not starting with a digit.`,
      )
    }
    const root = process.cwd()
    const plan = await planInit(root, { binding, env: common.env, configPath: common.config })
    const pending = plan.changes.filter((change) => change.action !== 'keep')
    checkInitTargets(root, pending)
    if (common.json) {
      const changes = plan.changes.map(({ path, action, note }) => ({ path, action, note }))
      await io.out(`${JSON.stringify({ dryRun: flags.dryRun, changes }, null, 2)}\n`)
    }
    if (flags.dryRun) {
      if (!common.json) await io.out(renderChanges(plan.changes, 'planned'))
      io.info(
        pending.length === 0
          ? `[kvdev] Dry run: KV binding ${binding} is already set up. Nothing would change.`
          : `[kvdev] Dry run: would change ${plural(pending.length, 'file')}. Nothing was written.`,
      )
    } else if (pending.length === 0) {
      io.info(`[kvdev] KV binding ${binding} is already set up. Nothing to change.`)
    } else {
      applyInit(root, pending)
      if (!common.json) io.info(renderChanges(plan.changes, 'done').trimEnd())
      io.info(`[kvdev] Set up KV binding ${binding}: ${plural(pending.length, 'file')} changed.`)
    }
    adviseVite(io, plan.viteAdvice)
    return undefined
  },
})
