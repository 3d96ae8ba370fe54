/**
 * Runs `work` without Node's one-line warning that `feature` is experimental: the user did not
 * opt into an experiment, kvdev did (Node's TypeScript stripping and main-context `import()`,
 * both stable in later Node lines), and its README says so.
 */
export function quietly<T>(feature: string, work: () => T): T {
  const emit = process.emitWarning
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message
    if (text.startsWith(feature)) return
    return (emit as (...args: unknown[]) => void).call(process, warning, ...rest)
  }) as typeof process.emitWarning
  try {
    return work()
  } finally {
    process.emitWarning = emit
  }
}
