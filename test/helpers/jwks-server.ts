import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { sign } from 'hono/jwt'
import type { JWTPayload } from 'hono/utils/jwt/types'

export interface JwksServer {
  url: string
  /** Signs with the private key whose public half the server publishes. */
  sign(payload: JWTPayload): Promise<string>
  close(): Promise<void>
}

/** A local Hono server publishing one RS256 public key at `/.well-known/jwks.json`. */
export async function startJwksServer(): Promise<JwksServer> {
  const pair = (await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair
  const kid = 'test-key'
  const publicJwk = { ...(await crypto.subtle.exportKey('jwk', pair.publicKey)), kid, alg: 'RS256' }
  const privateJwk = {
    ...(await crypto.subtle.exportKey('jwk', pair.privateKey)),
    kid,
    alg: 'RS256',
  }
  const app = new Hono().get('/.well-known/jwks.json', (c) => c.json({ keys: [publicJwk] }))
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (done) => {
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
        done({ server, port: info.port }),
      )
    },
  )
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    sign: (payload) => sign(payload, privateJwk as never, 'RS256'),
    close: () => new Promise((done) => server.close(() => done())),
  }
}
