import type { CommandDef } from './command'
import { COMMON_OPTIONS } from './common-options'
import type { OptionDefs } from './options'
import { formatArgs } from './parse-command'

export const EXIT_CODES_HELP = [
  'Exit codes:',
  '  0  success',
  '  1  not found (the key does not exist)',
  '  2  usage error: bad flag, argument or input file; a destructive command refused without --force',
  '  3  any other failure (store, network, Cloudflare API, interrupted with Ctrl-C)',
]

function formatOptions(options: OptionDefs): string[] {
  const rows = Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` <${o.valueName ?? 'value'}>` : ''}`
    return [flag, o.description] as const
  })
  const width = Math.max(...rows.map(([flag]) => flag.length))
  return rows.map(([flag, description]) => `  ${flag.padEnd(width)}  ${description}`)
}

export function renderCommandHelp(def: CommandDef): string {
  const names = [def.name, ...(def.aliases ?? [])].join(', ')
  const lines = [`kvdev ${def.name} ${formatArgs(def)}`.trimEnd(), '', def.summary]
  if (def.aliases?.length) lines.push(`Aliases: ${names}`)
  if (def.details?.length) lines.push('', ...def.details)
  if (def.args?.length) {
    lines.push('', 'Arguments:')
    const width = Math.max(...def.args.map((a) => a.name.length))
    for (const a of def.args) lines.push(`  ${a.name.padEnd(width)}  ${a.description}`)
  }
  if (def.options && Object.keys(def.options).length > 0)
    lines.push('', 'Options:', ...formatOptions(def.options))
  // --raw is listed only where it does something, with what it does there.
  const common = Object.fromEntries(
    Object.entries(COMMON_OPTIONS).flatMap(([name, o]) =>
      name !== 'raw'
        ? [[name, o]]
        : def.raw === undefined
          ? []
          : [[name, { ...o, description: def.raw }]],
    ),
  ) as OptionDefs
  lines.push('', 'Common options:', ...formatOptions(common), '', ...EXIT_CODES_HELP, '')
  return lines.join('\n')
}

export function renderMainHelp(commands: CommandDef[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length + formatArgs(c).length + 1))
  return [
    `kvdev ${version}: local and remote Cloudflare Workers KV`,
    '',
    'Usage: kvdev <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${`${c.name} ${formatArgs(c)}`.padEnd(width)}  ${c.summary}`),
    '',
    'Runs through a running kvdev dev server when there is one, else on the local store',
    'directly; --remote works on Cloudflare KV. `kvdev <command> --help` lists its options.',
    '',
    ...EXIT_CODES_HELP,
    '',
  ].join('\n')
}
