import type { CommonOptions } from './common-options'
import type { Io } from './io'
import type { KvTarget } from './targets/target'

export interface OptionDef {
  type: 'string' | 'boolean'
  short?: string
  /** Shown in help after the flag, for string options. */
  valueName?: string
  description: string
}

export interface ArgDef {
  name: string
  required?: boolean
  description: string
}

export interface CommandContext {
  /** Positional arguments, in order. */
  args: string[]
  /** The command's own options. */
  flags: Record<string, string | boolean | undefined>
  common: CommonOptions
  io: Io
  /** Opens where the command runs: a dev server, the local store, or Cloudflare (`--remote`). */
  openTarget(): Promise<KvTarget>
}

export interface CommandDef {
  name: string
  aliases?: string[]
  summary: string
  /** Extra help text: behaviour worth knowing before running the command. */
  details?: string[]
  args?: ArgDef[]
  options?: Record<string, OptionDef>
  /** Returns the exit code; undefined means success. */
  run(context: CommandContext): Promise<number | undefined>
}

/** Identity helper that keeps a command's types checked at its definition. */
export function defineCommand(def: CommandDef): CommandDef {
  return def
}
