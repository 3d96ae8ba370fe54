import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { resolve } from 'node:path'
import { DUMP_FORMATS, type DumpFormat, streamDump } from '../../formats'
import type { KvRecord } from '../../types/records'
import { defineCommand } from '../command'
import { usageError } from '../exit'
import { catchInterrupt } from '../interrupt'
import { createProgress } from '../progress'
import { checkProjectWrite } from '../project-path'
import { plural, reportInterrupted } from '../report'
import { PREFIX_OPTION } from '../shared-options'

export default defineCommand({
  name: 'dump',
  summary: 'Export keys with values, metadata and expiration (JSON, NDJSON or CSV)',
  details: [
    'json is the wrangler bulk format (`kvdev seed` and `wrangler kv bulk put` read it back);',
    'ndjson is one such record a line; csv is a table for spreadsheets: key, size, type, expiration,',
    'metadata, identity (sub, email, name; sub from a `user:<sub>:` key when the metadata has',
    'none), base64 (true for binary values) and the value. --out refuses a path that a symlink',
    'takes out of the project.',
  ],
  options: {
    format: {
      type: 'string',
      valueName: 'json|ndjson|csv',
      description: 'output format (default: json)',
    },
    out: {
      type: 'string',
      short: 'o',
      valueName: 'file',
      description: 'write to a file instead of stdout',
    },
    prefix: PREFIX_OPTION,
  },
  async run({ flags, common, io, openTarget }) {
    const format = flags.format ?? 'json'
    if (!(DUMP_FORMATS as readonly string[]).includes(format)) {
      throw usageError(
        `Invalid --format: ${JSON.stringify(format)}. Use ${DUMP_FORMATS.join(', ')}.`,
      )
    }
    const { prefix, out: outPath } = flags
    if (outPath !== undefined) checkProjectWrite(process.cwd(), outPath)
    const target = await openTarget()
    const where = `binding ${target.binding} (${target.label})`
    const total = io.stderrIsTTY && !common.quiet ? await target.count(prefix) : 0
    const progress = createProgress(io, '[kvdev] dump', total, common.quiet)
    const interrupt = catchInterrupt()
    const file = outPath === undefined ? undefined : createWriteStream(resolve(outPath))
    const write = async (chunk: string) => {
      if (!file) return io.out(chunk)
      if (!file.write(chunk)) await once(file, 'drain')
    }
    let stopped = false
    async function* pages(): AsyncIterable<KvRecord[]> {
      for await (const page of target.dump(prefix)) {
        yield page
        progress.advance(page.length)
        if (interrupt.requested) {
          stopped = true
          return
        }
      }
    }
    try {
      for await (const chunk of streamDump(pages(), format as DumpFormat)) await write(chunk)
    } finally {
      progress.end()
      interrupt.dispose()
      if (file)
        await new Promise<void>((done, fail) =>
          file.end((error?: Error | null) => (error ? fail(error) : done())),
        )
    }
    if (stopped)
      return reportInterrupted(
        io,
        `dumped ${progress.done} keys of ${where}; the output is incomplete`,
      )
    io.info(
      `[kvdev] Dumped ${plural(progress.done, 'key')} from ${where}${outPath ? ` to ${outPath}` : ''}.`,
    )
    return undefined
  },
})
