import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { buildsPath } from '../../src/runtime/loopback-query'

const req = (url: string, headers: IncomingMessage['headers'] = {}) =>
  ({ url, headers }) as IncomingMessage

describe('loopback query (issue 18)', () => {
  it('passes what miniflare itself sends and every other route', () => {
    expect(buildsPath(req('/core/store-temp-file?extension=eml&prefix=email'))).toBe(false)
    expect(buildsPath(req('/core/store-temp-file'))).toBe(false)
    expect(buildsPath(req('/core/log?prefix=../x'))).toBe(false)
  })

  it.each([
    ['extension with a slash', '?prefix=x&extension=x%2F..%2F..%2Fetc%2Fpasswd'],
    ['prefix climbing out', '?prefix=..%2F..&extension=txt'],
    ['backslash', '?prefix=a%5Cb&extension=txt'],
    ['dot-dot alone', '?prefix=x&extension=..'],
    ['NUL', '?prefix=x&extension=txt%00'],
    ['a second extension', '?prefix=x&extension=txt&extension=a%2Fb'],
    ['id', '?prefix=x&extension=txt&id=..%2Fz'],
    ['empty prefix', '?prefix=&extension=txt'],
    ['a dot', '?prefix=x&extension=tar.gz'],
  ])('refuses a store-temp-file query with %s', (_name, query) => {
    expect(buildsPath(req(`/core/store-temp-file${query}`))).toBe(true)
  })

  it('judges the url miniflare acts on: MF-Original-URL, absolute and dotted targets', () => {
    const bad = 'http://localhost/core/store-temp-file?prefix=x&extension=a%2Fb'
    expect(buildsPath(req('/core/log', { 'mf-original-url': bad }))).toBe(true)
    expect(buildsPath(req(bad))).toBe(true)
    expect(buildsPath(req('/core/./x/../store-temp-file?extension=a%2Fb'))).toBe(true)
    // Not miniflare's route once parsed: its own handler would not match it either.
    expect(buildsPath(req('/core/%73tore-temp-file?extension=a%2Fb'))).toBe(false)
  })

  it('refuses a url miniflare could not parse', () => {
    expect(buildsPath(req('/core/log', { 'mf-original-url': 'http://[' }))).toBe(true)
  })
})
