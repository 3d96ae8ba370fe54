import type { CommandDef } from './command'

/**
 * One row per command: what finding it needs (its name and aliases) and how to load it.
 * A command's module, and everything it imports, loads only when that command runs, so
 * `kvdev get` pays for `get` alone; `kvdev --help` loads every row to print their summaries.
 * The order here is the order of the help. A new command is one more row.
 */
export interface CommandEntry {
  name: string
  /** The same aliases as the command's own definition (test/cli/command-table.test.ts checks). */
  aliases?: string[]
  load(): Promise<{ default: CommandDef }>
}

// `as never`: each command's `run` is typed by its own options; the table holds them as one type.
const entry = (
  name: string,
  load: () => Promise<{ default: unknown }>,
  aliases?: string[],
): CommandEntry => ({ name, ...(aliases ? { aliases } : {}), load: load as never })

export const COMMANDS: CommandEntry[] = [
  entry('list', () => import('./commands/list'), ['ls']),
  entry('get', () => import('./commands/get')),
  entry('set', () => import('./commands/set')),
  entry('delete', () => import('./commands/delete'), ['del', 'rm']),
  entry('inspect', () => import('./commands/inspect')),
  entry('stats', () => import('./commands/stats')),
  entry('seed', () => import('./commands/seed')),
  entry('clear', () => import('./commands/clear')),
  entry('dump', () => import('./commands/dump')),
  entry('dev', () => import('./commands/dev')),
  entry('init', () => import('./commands/init')),
  entry('time', () => import('./commands/time')),
  entry('snapshot', () => import('./commands/snapshot')),
  entry('pull', () => import('./commands/pull')),
  entry('push', () => import('./commands/push')),
]

export function findCommand(commands: CommandEntry[], name: string): CommandEntry | undefined {
  return commands.find((c) => c.name === name || c.aliases?.includes(name))
}

/** Every command's definition, in table order: for the help, which lists them all. */
export async function loadAll(commands: CommandEntry[]): Promise<CommandDef[]> {
  return Promise.all(commands.map(async (c) => (await c.load()).default))
}
