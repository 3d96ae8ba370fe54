import { createServer } from 'node:net'

/**
 * A free loopback port below the ephemeral range. A port probed with `listen(0)` is an
 * ephemeral one, and the ephemeral ports workerd opens between the probe and the server's
 * own listen can take it ("Port … is already in use").
 */
export async function getFreePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 10_000)
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer()
      probe.once('error', () => resolve(false))
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
    })
    if (free) return port
  }
}
