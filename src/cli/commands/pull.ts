import { bulkLabel, writeChunked } from '../bulk'
import { defineCommand } from '../command'
import { formatBytes } from '../output/format'
import { createProgress } from '../progress'
import { plural, reportInterrupted } from '../report'
import { openSync } from '../sync/open-sync'
import { SYNC_OPTIONS } from '../sync/sync-options'
import { readAll, splitWritable, totalBytes } from '../sync/sync-records'

export default defineCommand({
  name: 'pull',
  summary: 'Copy a remote namespace (or --prefix of it) into the local store',
  details: [
    'Needs --remote. Values, metadata and expirations are copied; local keys are overwritten,',
    'others kept. Keys expiring within 60 seconds are left out (KV refuses such a write).',
    "Writes go in bulk, well under Cloudflare's 10,000 keys and 100 MB per request.",
  ],
  options: SYNC_OPTIONS,
  async run({ flags, common, io }) {
    const sync = await openSync(common, 'pull', flags.namespaceId)
    try {
      const { local, remote } = sync
      const scope = flags.prefix === undefined ? '' : ` starting with "${flags.prefix}"`
      const total = await remote.count(flags.prefix)
      const reading = createProgress(io, '[kvdev] pull: reading', total, common.quiet)
      const records = await readAll(remote, flags.prefix, (n) => reading.advance(n)).finally(() =>
        reading.end(),
      )
      const { writable, expiring } = splitWritable(records)
      const skipped =
        expiring.length > 0
          ? `; ${plural(expiring.length, 'key')} expiring within 60 s left out`
          : ''
      const what = `${plural(writable.length, 'key')}${scope} (${formatBytes(totalBytes(writable))}) from ${remote.label} into binding ${local.binding} (${local.label})`
      if (flags.dryRun) {
        if (common.json)
          await io.out(
            `${JSON.stringify({ keys: writable.map((r) => r.key), skipped: expiring.length })}\n`,
          )
        else if (writable.length > 0) await io.out(`${writable.map((r) => r.key).join('\n')}\n`)
        io.info(`[kvdev] Dry run: would copy ${what}${skipped}. Nothing was changed.`)
        return undefined
      }
      const written = await writeChunked(
        bulkLabel(io, common, local, 'pull', writable.length),
        writable,
      )
      if (written.interrupted)
        return reportInterrupted(io, `copied ${written.done} of ${writable.length} keys`)
      if (common.json)
        await io.out(`${JSON.stringify({ written: written.done, skipped: expiring.length })}\n`)
      io.info(`[kvdev] Pulled ${what}${skipped}.`)
      return undefined
    } finally {
      await sync.close()
    }
  },
})
