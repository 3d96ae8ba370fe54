import { createInterface } from 'node:readline/promises'
import type { CommonOptions } from './common-options'
import { CliError, EXIT } from './exit'
import type { Io } from './io'

/**
 * Guards a destructive command: `--force` proceeds; on a terminal, asks y/N;
 * with stdin not a terminal, refuses (exit 2) before anything is changed.
 * Returns false when the user answers no.
 */
export async function confirmDestructive(
  io: Io,
  common: CommonOptions,
  action: string,
): Promise<boolean> {
  if (common.force) return true
  if (!io.stdinIsTTY) {
    throw new CliError(
      EXIT.USAGE,
      `Refusing to ${action} without confirmation: stdin is not a terminal. Nothing was changed. Pass --force to proceed.`,
    )
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  try {
    const answer = await rl.question(
      `[kvdev] ${action[0]!.toUpperCase()}${action.slice(1)}? [y/N] `,
    )
    return /^y(es)?$/i.test(answer.trim())
  } finally {
    rl.close()
  }
}
