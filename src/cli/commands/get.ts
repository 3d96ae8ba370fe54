import { defineCommand } from '../command'
import { CliError, EXIT } from '../exit'
import { checkKey } from '../parse-values'
import { decodeText } from '../targets/classify'

export default defineCommand({
  name: 'get',
  summary: 'Print a value',
  details: [
    'Text is printed as stored (a newline is added only on a terminal). --raw writes the bytes',
    'exactly; --json prints { key, value, base64?, metadata, expiration }.',
  ],
  args: [{ name: 'key', required: true, description: 'the key to read' }],
  raw: 'the value byte for byte, binary too, even on a terminal',
  async run({ args, common, io, openTarget }) {
    const key = checkKey(args[0]!)
    const target = await openTarget()
    const entry = await target.get(key)
    if (!entry)
      throw new CliError(EXIT.NOT_FOUND, `Key not found: "${key}" in binding ${target.binding}.`)
    const text = decodeText(entry.value)
    if (common.json) {
      const value = text ?? Buffer.from(entry.value).toString('base64')
      const envelope = {
        key,
        value,
        ...(text === undefined ? { base64: true } : {}),
        metadata: entry.metadata ?? null,
        expiration: entry.expiration ?? null,
      }
      await io.out(`${JSON.stringify(envelope, null, 2)}\n`)
    } else if (common.raw || !io.stdoutIsTTY) {
      await io.out(entry.value)
    } else if (text === undefined) {
      // Raw bytes would garble the terminal.
      io.error(
        `[kvdev] "${key}" holds ${entry.value.byteLength} bytes of binary data. Pass --raw (and redirect) or --json.`,
      )
    } else {
      await io.out(`${text}\n`)
    }
    return undefined
  },
})
