import { KV_LIMITS } from '../../constants'
import { checkSearch } from '../../rules'
import type { KVNamespaceListKey } from '../../types/kv-namespace'
import { defineCommand } from '../command'
import { usageError } from '../exit'
import { formatRelative, formatTable, getIdentity, toPrintable } from '../output/format'
import { parseInteger } from '../parse-values'
import { PREFIX_OPTION } from '../shared-options'

export default defineCommand({
  name: 'list',
  aliases: ['ls'],
  summary: 'List keys (all of them unless --limit)',
  details: [
    'Walks every page by default. With --limit, stops there and says on stderr that more keys',
    'exist, with the cursor to continue from. Output: a table on a terminal (identity from',
    'metadata name/email beside each key); one key per line when piped or with --raw;',
    '--json: { keys: [{ name, expiration?, metadata? }], list_complete, cursor? }.',
    '--search keeps keys whose name contains the text anywhere: case-sensitive, every character',
    'literal (no wildcards), expired keys left out as always; --limit and --cursor page through',
    'the matches. With --remote, Cloudflare has no search: kvdev lists every page (one request',
    'per 1,000 keys) and filters them itself.',
  ],
  raw: 'one key per line, as when piped: no table, no count',
  options: {
    prefix: PREFIX_OPTION,
    search: {
      type: 'string',
      short: 's',
      valueName: 'text',
      description: 'only keys whose name contains this (case-sensitive, no wildcards)',
    },
    limit: { type: 'string', short: 'n', valueName: 'n', description: 'at most n keys' },
    cursor: {
      type: 'string',
      valueName: 'cursor',
      description: 'continue a listing stopped by --limit',
    },
  },
  async run({ flags, common, io, openTarget }) {
    const limit = parseInteger('limit', flags.limit, 1, 'It must be a whole number of at least 1.')
    const { prefix } = flags
    const search = flags.search === '' ? undefined : flags.search
    const broken = search === undefined ? undefined : checkSearch(search)
    if (broken) throw usageError(`[kvdev] ${broken}`)
    const target = await openTarget()
    const keys: KVNamespaceListKey[] = []
    let cursor = flags.cursor
    let complete = false
    for (;;) {
      const want =
        limit === undefined
          ? KV_LIMITS.MAX_LIST_LIMIT
          : Math.min(KV_LIMITS.MAX_LIST_LIMIT, limit - keys.length)
      const page = await target.list({ prefix, limit: want, cursor, search })
      keys.push(...page.keys)
      cursor = page.cursor
      if (page.list_complete) complete = true
      if (complete || !cursor || (limit !== undefined && keys.length >= limit)) break
    }
    if (common.json) {
      const rows = keys.map(({ name, expiration, metadata }) => ({
        name,
        ...(expiration === undefined ? {} : { expiration }),
        ...(metadata === undefined || metadata === null ? {} : { metadata }),
      }))
      await io.out(
        `${JSON.stringify({ keys: rows, list_complete: complete, ...(cursor && !complete ? { cursor } : {}) }, null, 2)}\n`,
      )
    } else if (common.raw || !io.stdoutIsTTY) {
      await io.out(keys.map((k) => `${k.name}\n`).join(''))
    } else if (keys.length > 0) {
      const rows = keys.map((k) => [
        toPrintable(k.name),
        toPrintable(getIdentity(k.metadata)),
        k.expiration === undefined ? '' : io.color.dim(`expires ${formatRelative(k.expiration)}`),
      ])
      await io.out(`${formatTable(rows)}\n`)
    }
    const what = search === undefined ? 'keys' : 'matches'
    if (!complete) {
      // Never truncate silently: say so even with --quiet.
      io.error(
        !cursor && search !== undefined
          ? `[kvdev] More matches exist after these ${keys.length}. Cloudflare's API has no search and its cursor cannot resume part-way through a page: run without --limit for every match.`
          : cursor
            ? `[kvdev] More ${what} exist after these ${keys.length}. Continue with --cursor ${cursor}`
            : `[kvdev] More keys exist after these ${keys.length}. Pass a larger --limit (at least ${KV_LIMITS.MIN_REST_LIST_LIMIT}) to get a cursor.`,
      )
    } else if (io.stdoutIsTTY && !common.json && !common.raw) {
      io.info(
        io.errColor.dim(
          `${keys.length} key${keys.length === 1 ? '' : 's'}${search === undefined ? '' : ` containing ${JSON.stringify(search)}`} in binding ${target.binding} (${target.label})`,
        ),
      )
    }
    return undefined
  },
})
