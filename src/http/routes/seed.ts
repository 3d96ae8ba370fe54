import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { Context } from 'hono'
import { API_LIMITS } from '../../constants'
import { httpError } from '../../errors'
import { parseSeed } from '../../formats'
import type { KvRecord } from '../../types/records'
import type { KvdevApiEnv } from '../env'
import { readJsonObject } from '../json'
import { getChoice, getFlag, getStore } from '../query'

const SEED_MODES = ['merge', 'replace'] as const

async function readSeedFile(seedFile: string | null): Promise<KvRecord[]> {
  if (seedFile === null) {
    throw httpError(
      404,
      'No seed file configured: `seed` is not set. Send the seed as `{ "text": … }`, or configure `seed`.',
    )
  }
  const size = await stat(seedFile).then(
    (s) => s.size,
    (cause) => {
      throw httpError(
        404,
        `Seed file not found: ${basename(seedFile)}. Create it, or send the seed as \`{ "text": … }\`.`,
        { cause },
      )
    },
  )
  if (size > API_LIMITS.MAX_SEED_BODY_BYTES) {
    throw httpError(
      413,
      `Seed file too large: ${size} bytes. The limit is ${API_LIMITS.MAX_SEED_BODY_BYTES} bytes.`,
    )
  }
  return parseSeed(await readFile(seedFile, 'utf8'), { file: basename(seedFile) })
}

async function readRecords(c: Context<KvdevApiEnv>): Promise<KvRecord[]> {
  const body = await readJsonObject(c)
  if (!Object.hasOwn(body, 'text')) return readSeedFile(c.var.seedFile)
  const { text, file } = body
  if (typeof text !== 'string') {
    throw httpError(
      400,
      `Invalid text: ${JSON.stringify(text)?.slice(0, 40)}. \`text\` must be the seed file's contents as a string.`,
    )
  }
  if (file !== undefined && typeof file !== 'string') {
    throw httpError(
      400,
      `Invalid file: ${JSON.stringify(file)?.slice(0, 40)}. \`file\` must be a file name.`,
    )
  }
  return parseSeed(text, { file })
}

/**
 * `POST seed`: the configured seed file (empty body) or the text sent; `mode=replace`
 * clears the namespace first; `dryRun=1` validates and counts without writing.
 */
export async function seedKeys(c: Context<KvdevApiEnv>) {
  const store = getStore(c)
  const mode = getChoice(c, 'mode', SEED_MODES, 'merge')
  const dryRun = getFlag(c, 'dryRun')
  const records = await readRecords(c)
  if (dryRun) {
    const wouldDelete = mode === 'replace' ? await store.count() : 0
    return c.json({ records: records.length, wouldDelete })
  }
  return c.json(await store.seed(records, mode))
}
