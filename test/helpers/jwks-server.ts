import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { sign } from 'hono/jwt'
import type { JWTPayload } from 'hono/utils/jwt/types'

export interface JwksServer {
  url: string
  /** Requests the key set got. */
  readonly fetches: number
  /** Signs with the private key whose public half the server publishes (or with `kid` in the header). */
  sign(payload: JWTPayload, kid?: string): Promise<string>
  /** What the key set's URL answers from now on: the keys, a 500, a redirect to `to`, or never. */
  answer(mode: 'keys' | 'fail' | 'hang' | { redirect: string }): void
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
  let fetches = 0
  let mode: Parameters<JwksServer['answer']>[0] = 'keys'
  const app = new Hono().get('/.well-known/jwks.json', (c) => {
    fetches++
    if (mode === 'fail') return c.text('down', 500)
    if (mode === 'hang') return new Promise<Response>(() => {})
    if (typeof mode === 'object') return c.redirect(mode.redirect, 302)
    return c.json({ keys: [publicJwk] })
  })
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (done) => {
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
        done({ server, port: info.port }),
      )
    },
  )
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    get fetches() {
      return fetches
    },
    sign: (payload, as = kid) => sign(payload, { ...privateJwk, kid: as } as never, 'RS256'),
    answer(next) {
      mode = next
    },
    close: () =>
      new Promise((done) => {
        ;(server as { closeAllConnections?: () => void }).closeAllConnections?.()
        server.close(() => done())
      }),
  }
}
