import { join } from 'node:path'
import { createServer } from 'vite'

// Child process: one Vite dev server for one tool, on 127.0.0.1 and a free port.
// argv: <tool> (kvdev | hono | cloudflare). Prints `{"url": …, "pid": …}` once listening.
const tool = process.argv[2]
const root = join(import.meta.dirname, '../fixture')
const server = await createServer({
  root,
  configFile: join(root, `vite.${tool}.config.mjs`),
  logLevel: process.env.BENCH_VERBOSE ? 'info' : 'error',
  clearScreen: false,
  server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
})
await server.listen()
const address = server.httpServer.address()
process.stdout.write(
  `${JSON.stringify({ url: `http://127.0.0.1:${address.port}`, pid: process.pid })}\n`,
)
const stop = async () => {
  await server.close()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
