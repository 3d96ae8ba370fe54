import { getValueInfo, readSeed } from '../../formats'
import { lastWins } from '../../formats/parse-seed'
import type { KvRecord } from '../../types/records'
import { bulkLabel, deleteChunked, writeChunked } from '../bulk'
import { defineCommand } from '../command'
import { confirmDestructive } from '../confirm'
import { EXIT } from '../exit'
import { formatBytes, formatExpiration, formatTable, toPrintable } from '../output/format'
import { plural, reportInterrupted } from '../report'
import { openSeedSource } from '../seed-source'
import { dryRunOption } from '../shared-options'

export default defineCommand({
  name: 'seed',
  summary: 'Load keys from a seed file (JSON object, wrangler bulk array, or NDJSON)',
  details: [
    'The whole file is validated before anything is written (it is read twice: to check, then to',
    'write; a file that changes in between is refused). Existing keys not in the file are',
    'kept, unless --replace: then every key is deleted first (asks y/N on a terminal; refuses',
    'without --force when stdin is not a terminal). `-` reads the file from stdin.',
  ],
  args: [{ name: 'file', required: true, description: 'the seed file' }],
  options: {
    replace: { type: 'boolean', description: 'delete every existing key first' },
    'dry-run': dryRunOption('what would be written'),
  },
  async run({ args, flags, common, io, openTarget }) {
    const file = args[0]!
    const source = await openSeedSource(file)
    const options = file === '-' ? {} : { file }
    // First read: every record checked, nothing kept but the keys (to count them as written).
    const keys = new Set<string>()
    let total = 0
    const kept: KvRecord[] = []
    for await (const batch of readSeed(source.chunks(), options)) {
      total += batch.length
      for (const record of batch) keys.add(record.key)
      if (flags.dryRun) kept.push(...batch)
    }
    const target = await openTarget()
    const where = `binding ${target.binding} (${target.label})`
    const existing = flags.replace ? await target.count() : 0
    if (flags.dryRun) {
      const records = lastWins(kept)
      const rows = records.map((r) => {
        const { size, type } = getValueInfo(r)
        const expiry =
          r.expiration !== undefined
            ? formatExpiration(r.expiration)
            : r.expiration_ttl !== undefined
              ? `ttl ${r.expiration_ttl}s`
              : ''
        return { key: r.key, size, type, expiry }
      })
      if (common.json) {
        const keys = rows.map(({ key, size, type }) => ({ key, size, type }))
        await io.out(
          `${JSON.stringify({ records: records.length, wouldDelete: existing, keys }, null, 2)}\n`,
        )
      } else if (rows.length > 0) {
        await io.out(
          `${formatTable(rows.map((r) => [toPrintable(r.key), formatBytes(r.size), r.type, r.expiry]))}\n`,
        )
      }
      const deleting = flags.replace ? `, after deleting ${plural(existing, 'existing key')}` : ''
      io.info(
        `[kvdev] Dry run: would write ${plural(records.length, 'key')} to ${where}${deleting}. Nothing was changed.`,
      )
      return undefined
    }
    if (!(await source.unchanged())) {
      io.error(
        `[kvdev] The seed file changed while it was read: ${file}. Nothing was changed; run the seed again.`,
      )
      return EXIT.USAGE
    }
    let deletedCount = 0
    if (flags.replace && existing > 0) {
      const action = `replace all ${plural(existing, 'key')} of ${where} with ${plural(keys.size, 'key')} from ${file}`
      if (!(await confirmDestructive(io, common, action))) {
        io.error('[kvdev] Aborted. Nothing was changed.')
        return EXIT.USAGE
      }
      const cleared = await deleteChunked(
        bulkLabel(io, common, target, 'clear', existing),
        undefined,
      )
      if (cleared.interrupted)
        return reportInterrupted(
          io,
          `deleted ${cleared.done} of ${existing} keys from ${where}, wrote none`,
        )
      deletedCount = cleared.done
    }
    // Second read: the same records, written in order (a duplicated key's last record wins).
    const written = await writeChunked(
      bulkLabel(io, common, target, 'seed', total),
      readSeed(source.chunks(), options),
    )
    if (written.interrupted)
      return reportInterrupted(io, `wrote ${written.done} of ${total} keys to ${where}`)
    if (common.json)
      await io.out(`${JSON.stringify({ written: keys.size, deleted: deletedCount })}\n`)
    const deleted = flags.replace ? ` after deleting ${plural(deletedCount, 'key')}` : ''
    io.info(`[kvdev] Seeded ${plural(keys.size, 'key')} from ${file} into ${where}${deleted}.`)
    return undefined
  },
})
