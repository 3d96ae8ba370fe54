import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createConnectMiddleware } from '../../../src/http/connect'
import { createKvdevHandler } from '../../../src/http/create-handler'
import { createInspectorPage } from '../../../src/http/inspector-page'
import { createToken } from '../../../src/http/token'
import { createKvRuntime, type KvRuntime } from '../../../src/runtime/create-kv-runtime'
import type { KvRecord } from '../../../src/types/records'
import { createPersonas } from '../../../src/users/personas'
import type { UserOption } from '../../../src/users/types'

export interface InspectorServer {
  /** The inspector page, e.g. `http://localhost:1234/__kv/`. */
  url: string
  origin: string
  token: string
  kv: KvRuntime
  close(): Promise<void>
}

export interface InspectorServerOptions {
  bindings?: string[]
  seed?: KvRecord[]
  user?: UserOption
  /** Keep the store on disk (the store clock and snapshots need it). @default false */
  persist?: boolean
}

/** A real HTTP server: in-memory Miniflare, kvdev's handler and the built inspector. */
export async function startInspectorServer(
  options: InspectorServerOptions = {},
): Promise<InspectorServer> {
  const root = mkdtempSync(join(tmpdir(), 'kvdev-'))
  const seedFile = join(root, 'seed.json')
  writeFileSync(seedFile, JSON.stringify(options.seed ?? []))
  const kv = await createKvRuntime({
    root,
    persist: options.persist ?? false,
    bindings: options.bindings ?? ['KV'],
  })
  const token = createToken()
  const personas = createPersonas(options.user)
  const handle = createKvdevHandler({
    runtime: kv,
    token,
    root,
    seedFile,
    personas,
    inspectorPage: createInspectorPage({ token }),
  })
  const middleware = createConnectMiddleware(handle)
  const server = createServer((req, res) => {
    // Stands in for the app's own API route: who does the mock user resolve to for this browser?
    if (req.url === '/api/whoami') {
      const resolved = personas.resolve(new Headers({ cookie: req.headers.cookie ?? '' }))
      res.setHeader('content-type', 'application/json')
      return res.end(
        JSON.stringify('user' in resolved ? { sub: resolved.user?.sub ?? null } : resolved),
      )
    }
    middleware(req, res, () => res.writeHead(404).end())
  })
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve))
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`
  return {
    url: `${origin}/__kv/`,
    origin,
    token,
    kv,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await kv.dispose()
      rmSync(root, { recursive: true, force: true })
    },
  }
}
