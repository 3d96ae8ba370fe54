import { defineCommand } from '../command'
import { formatBytes, formatTable, toPrintable } from '../output/format'
import { plural } from '../report'
import { PREFIX_OPTION } from '../shared-options'

export default defineCommand({
  name: 'stats',
  summary: 'Show totals: keys, bytes, the largest keys, keys and bytes by prefix',
  details: [
    'Prefixes group keys by their text up to the first `:`. --json: { keys, bytes, largest, prefixes }.',
  ],
  options: {
    prefix: PREFIX_OPTION,
  },
  async run({ flags, common, io, openTarget }) {
    const target = await openTarget()
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
