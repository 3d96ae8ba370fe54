import { parseArgs } from 'node:util'
import type { CommandDef } from './command'
import { COMMON_OPTIONS } from './common-options'
import { usageError } from './exit'
import type { OptionDefs } from './options'

export interface ParsedCommand {
  positionals: string[]
  values: Record<string, string | boolean | undefined>
}

export function getCommandOptions(def: CommandDef): OptionDefs {
  return { ...COMMON_OPTIONS, ...def.options }
}

/** Parses a command's argv strictly: an unknown flag or a missing argument is a usage error (exit 2). */
export function parseCommand(def: CommandDef, argv: string[]): ParsedCommand {
  const options = getCommandOptions(def)
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args: argv,
      options: Object.fromEntries(
        Object.entries(options).map(([name, o]) => [
          name,
          o.short ? { type: o.type, short: o.short } : { type: o.type },
        ]),
      ),
      allowPositionals: true,
      strict: true,
    })
  } catch (cause) {
    throw usageError(
      `${(cause as Error).message.replace(/\.$/, '')}. Run \`kvdev ${def.name} --help\` for its options.`,
    )
  }
  const values = parsed.values as Record<string, string | boolean | undefined>
  if (values.help) return { positionals: parsed.positionals, values }
  const args = def.args ?? []
  const required = args.filter((a) => a.required).length
  if (parsed.positionals.length < required) {
    const missing = args[parsed.positionals.length]!
    throw usageError(
      `Missing argument: <${missing.name}>. Usage: kvdev ${def.name} ${formatArgs(def)}.`,
    )
  }
  if (parsed.positionals.length > args.length) {
    const extra = parsed.positionals[args.length]
    throw usageError(
      `Unexpected argument: ${JSON.stringify(extra)}. Usage: kvdev ${def.name} ${formatArgs(def)}.`,
    )
  }
  return { positionals: parsed.positionals, values }
}

export function formatArgs(def: CommandDef): string {
  return (def.args ?? []).map((a) => (a.required ? `<${a.name}>` : `[${a.name}]`)).join(' ')
}
