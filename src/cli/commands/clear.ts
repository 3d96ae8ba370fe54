import { bulkLabel, deleteChunked } from '../bulk'
import { defineCommand } from '../command'
import { confirmDestructive } from '../confirm'
import { EXIT } from '../exit'
import { plural, reportInterrupted } from '../report'
import { dryRunOption, PREFIX_OPTION } from '../shared-options'

export default defineCommand({
  name: 'clear',
  summary: 'Delete every key (or every key with --prefix)',
  details: [
    'Asks y/N on a terminal; when stdin is not a terminal it refuses (exit 2, nothing changed)',
    'unless --force is given. --dry-run prints how many keys would be deleted.',
  ],
  options: {
    prefix: PREFIX_OPTION,
    'dry-run': dryRunOption('the number of keys that would be deleted'),
  },
  async run({ flags, common, io, openTarget }) {
    const { prefix } = flags
    const target = await openTarget()
    const scope = prefix === undefined ? '' : ` starting with "${prefix}"`
    const where = `binding ${target.binding} (${target.label})`
    const total = await target.count(prefix)
    if (flags.dryRun) {
      await io.out(common.json ? `${JSON.stringify({ count: total })}\n` : `${total}\n`)
      io.info(
        `[kvdev] Dry run: would delete ${plural(total, 'key')}${scope} from ${where}. Nothing was changed.`,
      )
      return undefined
    }
    if (
      total > 0 &&
      !(await confirmDestructive(
        io,
        common,
        `delete ${plural(total, 'key')}${scope} from ${where}`,
      ))
    ) {
      io.error('[kvdev] Aborted. Nothing was changed.')
      return EXIT.USAGE
    }
    const result =
      total === 0
        ? { done: 0, interrupted: false }
        : await deleteChunked(bulkLabel(io, common, target, 'clear', total), prefix)
    if (result.interrupted)
      return reportInterrupted(io, `deleted ${result.done} of ${total} keys${scope} from ${where}`)
    if (common.json) await io.out(`${JSON.stringify({ deleted: result.done })}\n`)
    io.info(`[kvdev] Deleted ${plural(result.done, 'key')}${scope} from ${where}.`)
    return undefined
  },
})
