import { bulkLabel, deleteChunked } from '../bulk'
import { defineCommand } from '../command'
import { confirmDestructive } from '../confirm'
import { CliError, EXIT, usageError } from '../exit'
import { checkKey } from '../parse-values'
import { reportInterrupted } from '../report'
import { PREFIX_OPTION } from '../shared-options'

export default defineCommand({
  name: 'delete',
  aliases: ['del', 'rm'],
  summary: 'Delete a key, or every key with a prefix',
  details: [
    'A missing key exits 1. --prefix deletes every matching key: it asks y/N on a terminal, and',
    'refuses (exit 2, nothing changed) when stdin is not a terminal unless --force is given.',
  ],
  args: [{ name: 'key', description: 'the key to delete' }],
  options: {
    prefix: { ...PREFIX_OPTION, description: 'delete every key starting with this' },
  },
  async run({ args, flags, common, io, openTarget }) {
    const { prefix } = flags
    if (prefix !== undefined && args[0] !== undefined) {
      throw usageError(
        `Both a key ("${args[0]}") and --prefix "${prefix}" given. Pass one of them.`,
      )
    }
    if (prefix === undefined && args[0] === undefined) {
      throw usageError('Missing argument: <key>. Pass a key, or --prefix <prefix> to delete many.')
    }
    const target = await openTarget()
    const where = `binding ${target.binding} (${target.label})`
    if (prefix === undefined) {
      const key = checkKey(args[0]!)
      const page = await target.list({ prefix: key, limit: 10 })
      if (!page.keys.some((k) => k.name === key)) {
        throw new CliError(EXIT.NOT_FOUND, `Key not found: "${key}" in binding ${target.binding}.`)
      }
      await target.delete([key])
      if (common.json) await io.out(`${JSON.stringify({ deleted: 1 })}\n`)
      io.info(`[kvdev] Deleted "${key}" from ${where}.`)
      return undefined
    }
    const total = await target.count(prefix)
    if (total === 0) {
      if (common.json) await io.out(`${JSON.stringify({ deleted: 0 })}\n`)
      io.info(`[kvdev] No keys start with "${prefix}" in ${where}. Nothing was deleted.`)
      return undefined
    }
    const action = `delete ${total} key${total === 1 ? '' : 's'} starting with "${prefix}" from ${where}`
    if (!(await confirmDestructive(io, common, action))) {
      io.error('[kvdev] Aborted. Nothing was changed.')
      return EXIT.USAGE
    }
    const result = await deleteChunked(bulkLabel(io, common, target, 'delete', total), prefix)
    if (result.interrupted)
      return reportInterrupted(io, `deleted ${result.done} of ${total} keys from ${where}`)
    if (common.json) await io.out(`${JSON.stringify({ deleted: result.done })}\n`)
    io.info(
      `[kvdev] Deleted ${result.done} key${result.done === 1 ? '' : 's'} starting with "${prefix}" from ${where}.`,
    )
    return undefined
  },
})
