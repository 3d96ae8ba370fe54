import { defineCommand } from '../command'
import { CliError, EXIT, usageError } from '../exit'
import { formatBytes, formatTable, toPrintable } from '../output/format'
import { formatUsage } from '../output/usage-report'
import { parseInteger } from '../parse-values'
import { plural } from '../report'
import { PREFIX_OPTION } from '../shared-options'

export default defineCommand({
  name: 'stats',
  summary: 'Show totals: keys, bytes, the largest keys, keys and bytes by prefix',
  details: [
    'Prefixes group keys by their text up to the first `:`. --json: { keys, bytes, largest, prefixes }.',
    "--usage: the KV calls of the app's routes since the dev server started (a running dev server measures them), with --requests <n> the cost of n requests a month at Workers KV's prices. --json: { reads, writes, deletes, lists, requests, since, byBinding, byRoute, estimate }.",
  ],
  options: {
    prefix: PREFIX_OPTION,
    usage: { type: 'boolean', description: "KV calls of the app's routes, from the dev server" },
    requests: {
      type: 'string',
      valueName: 'n',
      description: 'with --usage: estimate the cost of n requests a month',
    },
  },
  async run({ flags, common, io, openTarget }) {
    const monthly = parseInteger(
      'requests',
      flags.requests,
      0,
      'It must be a whole number of requests a month.',
    )
    if (monthly !== undefined && !flags.usage) {
      throw usageError(`--requests ${monthly} estimates usage: add --usage.`)
    }
    const target = await openTarget()
    if (flags.usage) {
      if (!target.usage) {
        throw new CliError(
          EXIT.FAILURE,
          `No usage to show from ${target.label}: usage is measured on the app's routes by a running dev server. Start it (\`vite\` or \`kvdev dev\`), then run \`kvdev stats --usage\` again.`,
        )
      }
      const usage = await target.usage(monthly)
      await io.out(
        common.json
          ? `${JSON.stringify(usage, null, 2)}\n`
          : `${formatUsage(usage, io.color.bold)}\n`,
      )
      return undefined
    }
    const stats = await target.stats(flags.prefix)
    if (common.json) {
      await io.out(`${JSON.stringify(stats, null, 2)}\n`)
      return undefined
    }
    const { bold } = io.color
    const lines = [
      `${bold('Binding')}  ${target.binding} (${target.label})`,
      `${bold('Keys')}     ${stats.keys}`,
      `${bold('Size')}     ${formatBytes(stats.bytes)}${stats.bytes >= 1024 ? ` (${stats.bytes} bytes)` : ''}`,
    ]
    if (stats.largest.length > 0) {
      lines.push(
        '',
        bold('Largest keys'),
        formatTable(stats.largest.map((k) => [`  ${formatBytes(k.size)}`, toPrintable(k.name)])),
      )
    }
    if (stats.prefixes.length > 0) {
      const rows = stats.prefixes.map((p) => [
        `  ${p.prefix === '' ? '(no prefix)' : toPrintable(p.prefix)}`,
        plural(p.keys, 'key'),
        formatBytes(p.bytes),
      ])
      lines.push('', bold('By prefix'), formatTable(rows))
    }
    await io.out(`${lines.join('\n')}\n`)
    return undefined
  },
})
