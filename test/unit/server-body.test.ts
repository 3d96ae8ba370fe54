import { type Context, Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { httpError, KvdevError } from '../../src/errors'
import { limitBody } from '../../src/http/body-limit'
import { getJsonDepth, parseJsonText, readJsonObject as readJson } from '../../src/http/json'

// The body limit is a middleware now (Hono's bodyLimit): these run a route behind it and
// hand back what the route read, or the error it refused the body with.
const HttpError = KvdevError

async function behindLimit<T>(
  request: Request,
  limit: number,
  read: (c: Context) => Promise<T>,
): Promise<T> {
  let thrown: unknown
  let result: T | undefined
  const app = new Hono()
  const tooLarge = (length: number) => httpError(413, `Request body too large: ${length} bytes.`)
  app.post('/x', limitBody(limit, tooLarge), async (c) => {
    result = await read(c)
    return c.body(null, 204)
  })
  app.onError((error) => {
    thrown = error
    return new Response(null, { status: 500 })
  })
  await app.request(request)
  if (thrown) throw thrown
  return result as T
}

const readBody = (request: Request, limit: number) =>
  behindLimit(request, limit, async (c) => new Uint8Array(await c.req.arrayBuffer()))
const readJsonObject = (request: Request, limit: number) => behindLimit(request, limit, readJson)

/** A body stream that records how many chunks were pulled, to show reading stops early. */
function chunkedBody(chunks: number, size: number) {
  let pulled = 0
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled === chunks) return controller.close()
        pulled++
        controller.enqueue(new Uint8Array(size))
      },
    },
    // Nothing is pulled until the reader asks.
    { highWaterMark: 0 },
  )
  return { stream, pulled: () => pulled }
}

const post = (body: BodyInit | ReadableStream, headers: HeadersInit = {}) =>
  new Request('http://localhost/x', {
    method: 'POST',
    body,
    headers,
    duplex: 'half',
  } as RequestInit)

describe('readBody', () => {
  it('reads a body within the limit', async () => {
    expect(await readBody(post('hello'), 5)).toEqual(new TextEncoder().encode('hello'))
  })

  it('refuses a declared oversize body before reading it', async () => {
    const body = chunkedBody(100, 1024)
    const error = await readBody(post(body.stream, { 'content-length': '102400' }), 1000).catch(
      (e) => e,
    )
    expect(error).toBeInstanceOf(HttpError)
    expect(error.status).toBe(413)
    expect(body.pulled()).toBe(0)
  })

  it('stops an undeclared oversize body as soon as it passes the limit', async () => {
    const body = chunkedBody(1000, 1024)
    const error = await readBody(post(body.stream), 4096).catch((e) => e)
    expect(error.status).toBe(413)
    expect(body.pulled()).toBeLessThan(10)
  })

  it('refuses a malformed content-length', async () => {
    const request = post('x', { 'content-length': '1e3' })
    expect((await readBody(request, 10).catch((e) => e)).status).toBe(400)
  })
})

describe('parseJsonText', () => {
  it('measures depth outside strings only', () => {
    expect(getJsonDepth('{"a":[1,{"b":2}]}')).toBe(3)
    expect(getJsonDepth('{"a":"[[[[\\"[["}')).toBe(1)
  })

  it('refuses json nested deeper than the limit', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
    expect(() => parseJsonText(deep)).toThrow(/nested too deeply: 100000 levels/)
  })

  it('reports invalid json as a 400 naming the problem', () => {
    expect(() => parseJsonText('{bad')).toThrow(HttpError)
  })

  it('keeps __proto__ as an own property', async () => {
    const body = await readJsonObject(post('{"__proto__":{"polluted":true},"value":"x"}'), 1000)
    expect(Object.hasOwn(body, '__proto__')).toBe(true)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('refuses bodies that are not json objects', async () => {
    expect((await readJsonObject(post('[1]'), 100).catch((e) => e)).status).toBe(400)
    expect(
      (await readJsonObject(post(new Uint8Array([0xff, 0xfe])), 100).catch((e) => e)).status,
    ).toBe(400)
  })
})
