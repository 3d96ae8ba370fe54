import { bulkLabel, writeChunked } from '../bulk'
import { defineCommand } from '../command'
import { confirmDestructive } from '../confirm'
import { EXIT } from '../exit'
import { formatBytes, toPrintable } from '../output/format'
import { createProgress } from '../progress'
import { plural, reportInterrupted } from '../report'
import { openSync } from '../sync/open-sync'
import { SYNC_OPTIONS } from '../sync/sync-options'
import { planWrites, readAll, splitWritable, totalBytes } from '../sync/sync-records'

export default defineCommand({
  name: 'push',
  summary: 'Copy the local store (or --prefix of it) to a remote namespace',
  details: [
    'Needs --remote. Prints the keys it would add (+) and change (~) on the remote namespace, then',
    'asks y/N on a terminal; when stdin is not a terminal it refuses (exit 2, nothing changed)',
    'unless --force is given. Remote keys absent locally are kept. Writes go in bulk, well under',
    "Cloudflare's 10,000 keys and 100 MB per request.",
  ],
  options: SYNC_OPTIONS,
  async run({ flags, common, io }) {
    const sync = await openSync(common, 'push', flags.namespaceId)
    try {
      const { local, remote } = sync
      const scope = flags.prefix === undefined ? '' : ` starting with "${flags.prefix}"`
      const { writable, expiring } = splitWritable(await readAll(local, flags.prefix, () => {}))
      const total = await remote.count(flags.prefix)
      const reading = createProgress(io, '[kvdev] push: comparing', total, common.quiet)
      const existing = await readAll(remote, flags.prefix, (n) => reading.advance(n)).finally(() =>
        reading.end(),
      )
      const { added, changed, unchanged } = planWrites(writable, existing)
      const writes = [...added, ...changed]
      const lines = [
        ...added.map((r) => `+ ${toPrintable(r.key)}`),
        ...changed.map((r) => `~ ${toPrintable(r.key)}`),
      ]
      if (common.json)
        await io.out(
          `${JSON.stringify({ added: added.map((r) => r.key), changed: changed.map((r) => r.key), unchanged, skipped: expiring.length })}\n`,
        )
      else if (lines.length > 0) await io.out(`${lines.join('\n')}\n`)
      const skipped =
        expiring.length > 0
          ? `; ${plural(expiring.length, 'key')} expiring within 60 s left out`
          : ''
      const where = `${remote.label} from binding ${local.binding} (${local.label})`
      const summary = `${added.length} new, ${changed.length} changed, ${unchanged} unchanged${scope}`
      if (writes.length === 0) {
        io.info(`[kvdev] Nothing to push to ${where}: ${summary}${skipped}.`)
        return undefined
      }
      if (flags.dryRun) {
        io.info(
          `[kvdev] Dry run: would write ${plural(writes.length, 'key')} (${formatBytes(totalBytes(writes))}) to ${where}: ${summary}${skipped}. Nothing was changed.`,
        )
        return undefined
      }
      if (
        !(await confirmDestructive(
          io,
          common,
          `write ${plural(writes.length, 'key')} (${summary}) to ${remote.label}`,
        ))
      ) {
        io.error('[kvdev] Aborted. Nothing was changed.')
        return EXIT.USAGE
      }
      const written = await writeChunked(
        bulkLabel(io, common, remote, 'push', writes.length),
        writes,
      )
      if (written.interrupted)
        return reportInterrupted(
          io,
          `wrote ${written.done} of ${writes.length} keys to ${remote.label}`,
        )
      io.info(`[kvdev] Pushed ${plural(written.done, 'key')} to ${where}: ${summary}${skipped}.`)
      return undefined
    } finally {
      await sync.close()
    }
  },
})
