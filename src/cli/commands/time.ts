import { formatDuration, parseDuration } from '../../runtime/history/duration'
import { defineCommand } from '../command'
import { usageError } from '../exit'
import { requireHistory } from '../history-target'
import { formatExpiration, formatTable, toPrintable } from '../output/format'
import { plural } from '../report'

const ACTIONS = ['advance', 'preview', 'show'] as const

export default defineCommand({
  name: 'time',
  summary: 'Move the store clock forward: expire keys without waiting',
  details: [
    '`time advance 1h` expires every key whose expiration falls within the jump and moves the',
    "others' expirations 1 h earlier, in the stored files: wrangler and @cloudflare/vite-plugin",
    'on the same store see it too. `time preview 1h` lists what would expire; `time show` the',
    'clock. Durations: 90s, 30m, 1h, 2d, 1w or 1h30m.',
  ],
  args: [
    { name: 'action', required: true, description: 'advance, preview or show' },
    { name: 'duration', description: 'how far: 30m, 1h, 2d…' },
  ],
  async run({ args, common, io, openTarget }) {
    const [action, text] = args as [string, string | undefined]
    if (!ACTIONS.includes(action as (typeof ACTIONS)[number])) {
      throw usageError(`Unknown action: "${action}". Use one of: ${ACTIONS.join(', ')}.`)
    }
    if (action !== 'show' && text === undefined) {
      throw usageError(`Missing duration: \`kvdev time ${action}\` needs one, e.g. 1h.`)
    }
    const seconds = text === undefined ? 0 : parseDuration(text)
    const target = await openTarget()
    const history = requireHistory(target, 'time')
    const where = `binding ${target.binding} (${target.label})`
    if (action === 'show') {
      const clock = await history.clock()
      if (common.json) await io.out(`${JSON.stringify(clock)}\n`)
      else await io.out(`store clock +${formatDuration(clock.advancedSeconds)}\n`)
      return undefined
    }
    if (action === 'preview') {
      const keys = await history.preview(seconds)
      if (common.json) await io.out(`${JSON.stringify({ seconds, keys })}\n`)
      else if (keys.length > 0)
        await io.out(
          `${formatTable(keys.map((k) => [toPrintable(k.name), formatExpiration(k.expiration)]))}\n`,
        )
      io.info(
        `[kvdev] Advancing ${where} by ${formatDuration(seconds)} would expire ${plural(keys.length, 'key')}. Nothing was changed.`,
      )
      return undefined
    }
    const result = await history.advance(seconds)
    if (common.json) await io.out(`${JSON.stringify(result)}\n`)
    io.info(
      `[kvdev] Advanced ${where} by ${formatDuration(seconds)}: ${plural(result.expired, 'key')} expired, ${plural(result.shifted, 'expiration')} moved. Store clock +${formatDuration(result.clock.advancedSeconds)}.`,
    )
    return undefined
  },
})
