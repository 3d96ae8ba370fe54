import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { checkRequestTarget, getTargetPathname } from '../../src/http/request-target'

const message = (url: string, host: string | undefined, encrypted = false) =>
  ({
    url,
    headers: host === undefined ? {} : { host },
    socket: { encrypted },
  }) as unknown as IncomingMessage

// Issue 18, items 4 and 6: what the Node bridge lets through to a route.
describe('checkRequestTarget', () => {
  it('lets origin-form paths through, backslashes in the query included', () => {
    for (const url of ['/', '/__kv/api/keys', '/__kv/api/value?key=a\\b', '/a%5Cb']) {
      expect(checkRequestTarget(message(url, 'localhost:5173')), url).toBeUndefined()
    }
  })

  it('refuses a backslash in the path, in origin and absolute form', () => {
    for (const url of ['/api/kv/values/a\\b', '/__kv\\api/keys', 'http://localhost:5173/a\\b']) {
      const refusal = checkRequestTarget(message(url, 'localhost:5173'))
      expect(refusal, url).toMatch(/^\[kvdev\] Backslash in the request path: "/)
    }
  })

  it("lets an absolute-form target naming the connection's own origin through", () => {
    for (const [url, host, encrypted] of [
      ['http://localhost:5173/__kv/api/keys', 'localhost:5173', false],
      ['HTTP://LocalHost:5173/__kv/', 'localhost:5173', false],
      ['http://localhost/__kv/', 'localhost:80', false],
      ['http://[::1]:5173/__kv/', '[::1]:5173', false],
      ['https://localhost:5173/__kv/', 'localhost:5173', true],
    ] as const) {
      expect(checkRequestTarget(message(url, host, encrypted)), url).toBeUndefined()
    }
  })

  it('refuses an absolute-form target naming another host, port or scheme, or without a host', () => {
    for (const [url, host, encrypted] of [
      ['http://evil.com/__kv/api/keys', 'localhost:5173', false],
      ['http://localhost:5174/__kv/api/keys', 'localhost:5173', false],
      ['https://localhost:5173/__kv/api/keys', 'localhost:5173', false],
      ['http://localhost:5173/__kv/api/keys', 'localhost:5173', true],
      ['http://evil.com@localhost:5173/__kv/', 'evil.com', false],
      ['http://localhost:5173/__kv/', undefined, false],
    ] as const) {
      const refusal = checkRequestTarget(message(url, host, encrypted))
      expect(refusal, url).toMatch(/^\[kvdev\] Request target names another origin: "/)
    }
  })

  it('refuses other target forms', () => {
    expect(checkRequestTarget(message('*', 'localhost'))).toMatch(/^\[kvdev\] Malformed request/)
    expect(checkRequestTarget(message('localhost:5173', 'localhost'))).toMatch(
      /^\[kvdev\] Malformed request target: "localhost:5173"/,
    )
  })

  it('gives the pathname the handler will see, to tell whose request it is', () => {
    for (const [url, pathname] of [
      ['/__kv/api/keys?x=1', '/__kv/api/keys'],
      ['/__kv\\api/keys', '/__kv/api/keys'],
      ['/x/../__kv/api', '/__kv/api'],
      ['//evil.com/__kv/api', '//evil.com/__kv/api'],
      ['http://evil.com/__kv/?a', '/__kv/'],
      ['*', '/*'],
    ] as const) {
      expect(getTargetPathname(message(url, 'localhost')), url).toBe(pathname)
    }
  })
})
