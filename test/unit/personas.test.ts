import { describe, expect, it } from 'vitest'
import { ANONYMOUS, createPersonas, DEFAULT_USER } from '../../src/users/personas'

const ADA = { sub: 'ada', name: 'Ada', email: 'ada@example.com' }
const BOB = { sub: 'bob', name: 'Bob', email: 'bob@example.com' }

describe('personas', () => {
  it('uses the default dev user when none is configured', () => {
    expect(createPersonas(undefined).resolve(new Headers())).toEqual({ user: DEFAULT_USER })
  })

  it('picks the persona named by the header, then the cookie, then the first', () => {
    const personas = createPersonas([ADA, BOB])
    expect(personas.resolve(new Headers({ 'x-kvdev-user': 'bob' }))).toMatchObject({ user: BOB })
    expect(personas.resolve(new Headers({ cookie: 'a=1; kvdev_user=bob' }))).toMatchObject({
      user: BOB,
    })
    expect(personas.resolve(new Headers({ 'x-kvdev-user': ANONYMOUS }))).toEqual({ user: null })
    expect(personas.resolve(new Headers())).toMatchObject({ user: ADA })
  })

  it('names the known personas for an unknown header value', () => {
    expect(createPersonas([ADA, BOB]).resolve(new Headers({ 'x-kvdev-user': 'eve' }))).toEqual({
      error: '[kvdev] Unknown user "eve" in the x-kvdev-user header. Known: ada, bob, anonymous.',
    })
  })

  it('ignores a cookie that is not valid percent-encoding', () => {
    const personas = createPersonas([ADA, BOB])
    expect(personas.resolve(new Headers({ cookie: 'kvdev_user=%zz' }))).toMatchObject({ user: ADA })
  })

  it('signs out with user: null', () => {
    expect(createPersonas(null).resolve(new Headers())).toEqual({ user: null })
  })

  it('refuses personas that share a sub', () => {
    expect(() => createPersonas([ADA, ADA])).toThrow('two personas with the same `sub`')
  })
})
