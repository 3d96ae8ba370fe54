import type { OptionDef } from './options'

/** `--prefix`, taken by the commands that work on a range of keys. */
export const PREFIX_OPTION = {
  type: 'string',
  short: 'p',
  valueName: 'prefix',
  description: 'only keys starting with this',
} as const satisfies OptionDef

/** `--dry-run`: say what would change, change nothing. `does` ends the sentence. */
export function dryRunOption(does: string) {
  return {
    type: 'boolean',
    description: `print ${does}, change nothing`,
  } as const satisfies OptionDef
}
