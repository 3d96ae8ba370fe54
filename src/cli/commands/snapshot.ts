import { defineCommand } from '../command'
import { confirmDestructive } from '../confirm'
import { EXIT, usageError } from '../exit'
import { requireHistory } from '../history-target'
import { formatTable, toPrintable } from '../output/format'
import { plural } from '../report'

const ACTIONS = ['save', 'list', 'restore', 'diff', 'delete'] as const
type Action = (typeof ACTIONS)[number]

export default defineCommand({
  name: 'snapshot',
  summary: 'Save, list, restore, diff and delete snapshots of the store',
  details: [
    "A snapshot shares the store's value files (hard links), so saving costs no copy. `restore`",
    'puts the namespace back exactly (asks y/N on a terminal; refuses without --force when stdin',
    'is not a terminal); a running dev server does it and open inspector views update.',
    '`diff <a> [b]` compares two snapshots, or a snapshot with the store as it is now.',
  ],
  args: [
    { name: 'action', required: true, description: 'save, list, restore, diff or delete' },
    { name: 'name', description: 'the snapshot' },
    { name: 'other', description: 'diff: the second snapshot (default: the store now)' },
  ],
  async run({ args, common, io, openTarget }) {
    const [action, name, other] = args as [Action, string | undefined, string | undefined]
    if (!ACTIONS.includes(action)) {
      throw usageError(`Unknown action: "${action}". Use one of: ${ACTIONS.join(', ')}.`)
    }
    if (action !== 'list' && name === undefined) {
      throw usageError(`Missing snapshot name: \`kvdev snapshot ${action} <name>\`.`)
    }
    if (other !== undefined && action !== 'diff') {
      throw usageError(`Unexpected argument: "${other}". Only \`snapshot diff\` takes two names.`)
    }
    const target = await openTarget()
    const history = requireHistory(target, 'snapshot')
    const where = `binding ${target.binding} (${target.label})`
    const json = (value: unknown) => io.out(`${JSON.stringify(value)}\n`)
    switch (action) {
      case 'list': {
        const snapshots = await history.listSnapshots()
        if (common.json) await json(snapshots)
        else if (snapshots.length > 0)
          await io.out(
            `${formatTable(snapshots.map((s) => [s.name, plural(s.keys, 'key'), new Date(s.savedAt).toISOString()]))}\n`,
          )
        else io.info(`[kvdev] No snapshots of ${where}.`)
        return undefined
      }
      case 'save': {
        const saved = await history.saveSnapshot(name!)
        if (common.json) await json(saved)
        io.info(`[kvdev] Saved snapshot "${saved.name}" of ${where}: ${plural(saved.keys, 'key')}.`)
        return undefined
      }
      case 'restore': {
        if (
          !(await confirmDestructive(
            io,
            common,
            `replace every key of ${where} with snapshot "${name}"`,
          ))
        ) {
          io.error('[kvdev] Aborted. Nothing was changed.')
          return EXIT.USAGE
        }
        const result = await history.restoreSnapshot(name!)
        if (common.json) await json(result)
        io.info(
          `[kvdev] Restored snapshot "${name}" into ${where}: ${plural(result.written, 'key')} (${plural(result.deleted, 'key')} replaced).`,
        )
        return undefined
      }
      case 'diff': {
        const diff = await history.diffSnapshots(name!, other)
        if (common.json) {
          await json(diff)
        } else {
          const lines = [
            ...diff.added.map((key) => `+ ${toPrintable(key)}`),
            ...diff.removed.map((key) => `- ${toPrintable(key)}`),
            ...diff.changed.map((c) => `~ ${toPrintable(c.key)} (${c.changes.join(', ')})`),
          ]
          if (lines.length > 0) await io.out(`${lines.join('\n')}\n`)
        }
        io.info(
          `[kvdev] From "${name}" to ${other === undefined ? 'the store now' : `"${other}"`}: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed.`,
        )
        return undefined
      }
      case 'delete': {
        await history.deleteSnapshot(name!)
        io.info(`[kvdev] Deleted snapshot "${name}" of ${where}.`)
        return undefined
      }
    }
  },
})
