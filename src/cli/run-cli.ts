import { takeNodeSupportWarning } from '../node-support'
import type { CommandContext, CommandDef } from './command'
import { type CommandEntry, findCommand, loadAll } from './command-table'
import { readCommonOptions } from './common-options'
import { EXIT, getErrorMessage, getExitCode, usageError } from './exit'
import { renderCommandHelp, renderMainHelp } from './help'
import { createIo } from './io'
import { readFlags } from './options'
import { parseCommand } from './parse-command'
import type { KvTarget } from './targets/target'

/** `--raw` on a command without a raw output: a usage error naming the commands that have one. */
async function rawRefused(def: CommandDef, commands: CommandEntry[]): Promise<Error> {
  const having = (await loadAll(commands))
    .filter((c) => c.raw !== undefined)
    .map((c) => `\`kvdev ${c.name}\``)
  return usageError(
    `Option --raw does not apply to \`kvdev ${def.name}\`: it has no raw output (${having.join(' and ')} have one). Drop --raw, or pass --json for machine-readable output.`,
  )
}

/** Runs one CLI invocation and returns its exit code; every target opened is closed before returning. */
export async function runCli(
  commands: CommandEntry[],
  argv: string[],
  version: string,
): Promise<number> {
  let io = createIo(false)
  const unsupported = takeNodeSupportWarning()
  if (unsupported) io.error(unsupported)
  const [name, ...rest] = argv
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    await io.out(renderMainHelp(await loadAll(commands), version))
    return EXIT.OK
  }
  if (name === '--version' || name === '-v') {
    await io.out(`${version}\n`)
    return EXIT.OK
  }
  const entry = findCommand(commands, name)
  if (!entry) {
    const names = commands.map((c) => c.name).join(', ')
    io.error(`[kvdev] Unknown command: "${name}". Commands: ${names}. Run \`kvdev --help\`.`)
    return EXIT.USAGE
  }
  const targets: KvTarget[] = []
  try {
    const def = (await entry.load()).default
    const { positionals, values } = parseCommand(def, rest)
    const common = readCommonOptions(values)
    if (common.help) {
      await io.out(renderCommandHelp(def))
      return EXIT.OK
    }
    if (common.json && common.raw)
      throw usageError('Conflicting options: --json and --raw. Pass one of them.')
    if (common.raw && def.raw === undefined) throw await rawRefused(def, commands)
    io = createIo(common.quiet)
    const flags = readFlags(def.options ?? {}, values)
    const context: CommandContext = {
      args: positionals,
      flags,
      common,
      io,
      async openTarget() {
        // Loaded here, not above: help and usage errors never open a store.
        const { openTarget } = await import('./targets/open-target')
        const target = await openTarget(common)
        targets.push(target)
        return target
      },
    }
    return (await def.run(context)) ?? EXIT.OK
  } catch (error) {
    io.error(getErrorMessage(error))
    return getExitCode(error)
  } finally {
    for (const target of targets) await target.close().catch(() => {})
  }
}
