import { KV_LIMITS } from '../../constants'
import { CF_MESSAGES } from '../../rules'
import { defineCommand } from '../command'
import { usageError } from '../exit'
import { formatBytes } from '../output/format'
import { checkKey, parseInteger, parseMetadata } from '../parse-values'
import { readInputFile, readStdin } from '../read-input'

export default defineCommand({
  name: 'set',
  summary: 'Write a value',
  details: [
    'The value comes from the argument, from stdin with `-`, or from --file (bytes as they are).',
  ],
  args: [
    { name: 'key', required: true, description: 'the key to write' },
    { name: 'value', description: 'the value; `-` reads stdin' },
  ],
  options: {
    file: { type: 'string', valueName: 'path', description: 'read the value from a file' },
    ttl: {
      type: 'string',
      valueName: 'seconds',
      description: `expire after this many seconds (at least ${KV_LIMITS.MIN_EXPIRATION_TTL_SECONDS})`,
    },
    expiration: {
      type: 'string',
      valueName: 'epoch',
      description: 'expire at this time (seconds since the UNIX epoch)',
    },
    metadata: {
      type: 'string',
      valueName: 'json',
      description: 'metadata as JSON, e.g. \'{"name":"Ada","email":"ada@example.com"}\'',
    },
  },
  async run({ args, flags, common, io, openTarget }) {
    const key = checkKey(args[0]!)
    const { file } = flags
    const argument = args[1]
    const ttl = parseInteger(
      'ttl',
      flags.ttl,
      KV_LIMITS.MIN_EXPIRATION_TTL_SECONDS,
      `Expiration TTL must be a whole number of seconds, at least ${KV_LIMITS.MIN_EXPIRATION_TTL_SECONDS}.`,
    )
    const expiration = parseInteger(
      'expiration',
      flags.expiration,
      0,
      'Expiration must be a whole number of seconds since the UNIX epoch.',
    )
    const metadata = parseMetadata(flags.metadata)
    if (file !== undefined && argument !== undefined) {
      throw usageError(`Two values given: the argument and --file ${file}. Pass one of them.`)
    }
    if (file === undefined && argument === undefined) {
      throw usageError(
        `Missing value for "${key}". Pass it as an argument, \`-\` to read stdin, or --file <path>.`,
      )
    }
    const value =
      file !== undefined
        ? await readInputFile(file)
        : argument === '-'
          ? await readStdin()
          : new TextEncoder().encode(argument)
    if (value.byteLength > KV_LIMITS.MAX_VALUE_SIZE_BYTES) {
      throw usageError(
        `${CF_MESSAGES.valueTooLarge(value.byteLength, KV_LIMITS.MAX_VALUE_SIZE_BYTES)} Store less than ${KV_LIMITS.MAX_VALUE_SIZE_BYTES / 1024 ** 2} MiB per key.`,
      )
    }
    const target = await openTarget()
    await target.put(key, value, { metadata, expiration, expiration_ttl: ttl })
    if (common.json) await io.out(`${JSON.stringify({ key, size: value.byteLength })}\n`)
    io.info(
      `[kvdev] Set "${key}" (${formatBytes(value.byteLength)}) in binding ${target.binding} (${target.label}).`,
    )
    return undefined
  },
})
