import { resolve } from 'node:path'
import { DEFAULT_DEV_PORT } from '../../constants'
import { resolveRealism } from '../../realism/options'
import { defineCommand } from '../command'
import { CliError, EXIT, usageError } from '../exit'
import { catchInterrupt, type Interrupt } from '../interrupt'
import { parseInteger } from '../parse-values'

/** The largest TCP port. */
const MAX_PORT = 65_535

/** A number of seconds, or the text itself so the realism check names what was given. */
const parseSeconds = (text: string) => (/^\d+(\.\d+)?$/.test(text) ? Number(text) : text) as number

export default defineCommand({
  name: 'dev',
  summary: 'Start the dev server: API routes with c.env.KV, the inspector at /__kv/',
  details: [
    'Runs until Ctrl-C (SIGINT) or SIGTERM, then closes cleanly. While it runs, other kvdev',
    'commands on this project go through it.',
  ],
  options: {
    port: {
      type: 'string',
      valueName: 'port',
      description: `port to listen on (default: ${DEFAULT_DEV_PORT}; never changed silently)`,
    },
    host: {
      type: 'string',
      valueName: 'host',
      description: 'host to listen on (default: localhost; 0.0.0.0 exposes it, token required)',
    },
    routes: {
      type: 'string',
      valueName: 'dir',
      description: 'directory of API route files (default: server/api)',
    },
    loader: {
      type: 'string',
      valueName: 'node|vite',
      description:
        'what runs the route files: node (default; Vite for .tsx/.jsx routes) or vite (import.meta.env)',
    },
    'write-rate-limit': {
      type: 'boolean',
      description: 'fail a second write to a key within a second (429), as Workers KV does',
    },
    limits: {
      type: 'string',
      valueName: 'profile',
      description: 'value, key and metadata limits: workers-kv (default) or tma (128 KB values)',
    },
    'propagation-delay': {
      type: 'string',
      valueName: 's',
      description:
        'other locations (x-kvdev-location) see a write after s seconds (60: Workers KV)',
    },
  },
  async run({ flags, common, io }) {
    if (common.remote)
      throw usageError('`kvdev dev` runs locally: --remote does not apply. Drop --remote.')
    const port =
      parseInteger('port', flags.port, 0, `It must be a whole number from 0 to ${MAX_PORT}.`) ??
      DEFAULT_DEV_PORT
    if (port > MAX_PORT)
      throw usageError(
        `Invalid --port: ${JSON.stringify(flags.port)}. It must be a whole number from 0 to ${MAX_PORT}.`,
      )
    if (flags.loader !== undefined && flags.loader !== 'node' && flags.loader !== 'vite')
      throw usageError(
        `Invalid --loader: ${JSON.stringify(flags.loader)}. It must be node or vite.`,
      )
    const realism = {
      ...(flags.writeRateLimit ? { writeRateLimit: true } : {}),
      ...(flags.limits === undefined ? {} : { limits: flags.limits as 'workers-kv' | 'tma' }),
      ...(flags.propagationDelay === undefined
        ? {}
        : { propagationDelay: parseSeconds(flags.propagationDelay) }),
    }
    try {
      resolveRealism(realism)
    } catch (error) {
      throw usageError(
        (error as Error).message
          .replace('`realism.propagationDelay`', '--propagation-delay')
          .replace('`realism.limits`', '--limits'),
      )
    }
    let startDevServer: typeof import('../../dev/start-dev-server').startDevServer
    try {
      ;({ startDevServer } = await import('../../dev/start-dev-server'))
    } catch (cause) {
      throw new CliError(
        EXIT.FAILURE,
        `The dev server could not be loaded: ${(cause as Error).message}.`,
        { cause },
      )
    }
    const server = await startDevServer({
      root: process.cwd(),
      port,
      host: flags.host,
      routes: flags.routes,
      loader: flags.loader as 'node' | 'vite' | undefined,
      configPath: common.config,
      env: common.env,
      persist: common.persistTo === undefined ? true : resolve(common.persistTo),
      realism,
    })
    // Vite's banner would go to stdout: the URL alone goes there (data for scripts), the rest to stderr.
    io.info(`[kvdev] Dev server: ${server.url}/  Inspector: ${server.url}/__kv/`)
    io.info('[kvdev] Press Ctrl-C to stop.')
    await io.out(`${server.url}\n`)
    let interrupt: Interrupt | undefined
    const signal = await new Promise<NodeJS.Signals>((done) => {
      interrupt = catchInterrupt(done)
    })
    io.info(`[kvdev] ${signal}: closing the dev server.`)
    await server.close()
    interrupt?.dispose()
    return EXIT.OK
  },
})
