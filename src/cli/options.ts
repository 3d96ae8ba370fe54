/** One flag of a command: `--name <value>` (string) or `--name` (boolean). */
export interface OptionDef {
  type: 'string' | 'boolean'
  short?: string
  /** Shown in help after the flag, for string options. */
  valueName?: string
  description: string
}

export type OptionDefs = Record<string, OptionDef>

type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S

/**
 * The flags a command receives, inferred from its option definitions: `--dry-run` is
 * `dryRun: boolean`, `--prefix <p>` is `prefix: string | undefined`.
 */
export type FlagsOf<O extends OptionDefs> = {
  -readonly [K in keyof O & string as CamelCase<K>]: O[K]['type'] extends 'string'
    ? string | undefined
    : boolean
}

function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())
}

/** Reads the flags of `options` out of what `util.parseArgs` returned, typed by `FlagsOf`. */
export function readFlags<O extends OptionDefs>(
  options: O,
  values: Record<string, string | boolean | undefined>,
): FlagsOf<O> {
  const flags: Record<string, string | boolean | undefined> = {}
  for (const [name, def] of Object.entries(options)) {
    const value = values[name]
    flags[camelCase(name)] =
      def.type === 'string' ? (typeof value === 'string' ? value : undefined) : value === true
  }
  return flags as FlagsOf<O>
}
