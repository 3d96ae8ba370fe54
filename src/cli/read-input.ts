import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { CliError, EXIT } from './exit'

export async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return new Uint8Array(Buffer.concat(chunks))
}

/** A file's bytes; a missing file is a usage error naming the path. */
export async function readInputFile(path: string, cwd = process.cwd()): Promise<Uint8Array> {
  const full = resolve(cwd, path)
  try {
    return new Uint8Array(await readFile(full))
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code
    throw new CliError(
      EXIT.USAGE,
      `Cannot read file: ${path} (${code ?? (cause as Error).message}). Check the path.`,
      {
        cause,
      },
    )
  }
}
