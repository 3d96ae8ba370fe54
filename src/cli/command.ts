import type { CommonOptions } from './common-options'
import type { Io } from './io'
import type { FlagsOf, OptionDefs } from './options'
import type { KvTarget } from './targets/target'

export interface ArgDef {
  name: string
  required?: boolean
  description: string
}

export interface CommandContext<O extends OptionDefs = OptionDefs> {
  /** Positional arguments, in order. */
  args: string[]
  /** The command's own options, typed by its definitions. */
  flags: FlagsOf<O>
  common: CommonOptions
  io: Io
  /** Opens where the command runs: a dev server, the local store, or Cloudflare (`--remote`). */
  openTarget(): Promise<KvTarget>
}

export interface CommandDef<O extends OptionDefs = OptionDefs> {
  name: string
  aliases?: string[]
  summary: string
  /** Extra help text: behaviour worth knowing before running the command. */
  details?: string[]
  args?: ArgDef[]
  options?: O
  /**
   * What `--raw` does for this command, for its help. A command without it has no raw output
   * and refuses `--raw` as a usage error rather than ignoring it.
   */
  raw?: string
  /** Returns the exit code; undefined means success. */
  run(context: CommandContext<O>): Promise<number | undefined>
}

/**
 * Declares a command; its `run` gets `flags` typed from `options`.
 *
 * @example
 * defineCommand({
 *   name: 'count',
 *   summary: 'Count keys',
 *   options: { prefix: PREFIX_OPTION },
 *   async run({ flags, openTarget }) { … (await openTarget()).count(flags.prefix) … },
 * })
 */
export function defineCommand<const O extends OptionDefs = Record<never, never>>(
  def: CommandDef<O>,
): CommandDef<O> {
  return def
}
