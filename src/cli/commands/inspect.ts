import { defineCommand } from '../command'
import { CliError, EXIT } from '../exit'
import {
  formatBytes,
  formatExpiration,
  formatTable,
  getIdentity,
  toPrintable,
} from '../output/format'
import { checkKey } from '../parse-values'
import { decodeText } from '../targets/classify'

/** How much of the value the preview shows. */
const PREVIEW_BYTES = 1024
const HEX_PREVIEW_BYTES = 256

function hexPreview(bytes: Uint8Array): string {
  const lines: string[] = []
  for (let i = 0; i < Math.min(bytes.length, HEX_PREVIEW_BYTES); i += 16) {
    lines.push(
      Buffer.from(bytes.subarray(i, i + 16))
        .toString('hex')
        .replace(/(..)(?!$)/g, '$1 '),
    )
  }
  return lines.join('\n')
}

export default defineCommand({
  name: 'inspect',
  summary: 'Show a key: size, type, metadata, expiration, a preview of the value',
  details: [
    '--json: { name, size, type, metadata, expiration, expiresIn, preview, previewEncoding, truncated }.',
  ],
  args: [{ name: 'key', required: true, description: 'the key to inspect' }],
  async run({ args, common, io, openTarget }) {
    const key = checkKey(args[0]!)
    const target = await openTarget()
    const info = await target.inspect(key, PREVIEW_BYTES)
    if (!info)
      throw new CliError(EXIT.NOT_FOUND, `Key not found: "${key}" in binding ${target.binding}.`)
    // A preview cut inside a UTF-8 sequence still shows as text: drop the partial character.
    const text =
      info.type === 'binary'
        ? undefined
        : (decodeText(info.preview) ?? Buffer.from(info.preview).toString('utf8'))
    if (common.json) {
      const out = {
        name: info.name,
        size: info.size,
        type: info.type,
        metadata: info.metadata ?? null,
        expiration: info.expiration ?? null,
        expiresIn:
          info.expiration === undefined ? null : Math.round(info.expiration - Date.now() / 1000),
        preview: text ?? Buffer.from(info.preview).toString('base64'),
        previewEncoding: text === undefined ? 'base64' : 'utf8',
        truncated: info.truncated,
      }
      await io.out(`${JSON.stringify(out, null, 2)}\n`)
      return undefined
    }
    const identity = getIdentity(info.metadata)
    const rows = [
      ['Key', toPrintable(info.name)],
      ['Size', `${formatBytes(info.size)}${info.size >= 1024 ? ` (${info.size} bytes)` : ''}`],
      ['Type', info.type],
      [
        'Metadata',
        info.metadata === undefined ? '(none)' : toPrintable(JSON.stringify(info.metadata)),
      ],
      ...(identity ? [['Identity', toPrintable(identity)]] : []),
      ['Expiration', info.expiration === undefined ? 'never' : formatExpiration(info.expiration)],
    ]
    const preview = text === undefined ? hexPreview(info.preview) : toPrintable(text)
    const cut = info.truncated || (text === undefined && info.size > HEX_PREVIEW_BYTES)
    await io.out(
      `${formatTable(rows.map(([a, b]) => [io.color.bold(a!.padEnd(10)), b!]))}\n\n${preview}${cut ? io.color.dim(`\n… (preview of ${info.size} bytes)`) : ''}\n`,
    )
    return undefined
  },
})
