import type { Context } from 'hono'
import { API_LIMITS } from '../constants'
import { httpError } from '../errors'

/** Deepest nesting of arrays and objects in JSON text, in one pass that skips strings. */
export function getJsonDepth(text: string): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth)
    else if (c === 0x7d || c === 0x5d) depth--
  }
  return max
}

/** Parses JSON text with a bounded depth (a hostile body never reaches a deep recursion); bad JSON is a 400. */
export function parseJsonText(text: string, maxDepth: number = API_LIMITS.MAX_JSON_DEPTH): unknown {
  const depth = getJsonDepth(text)
  if (depth > maxDepth) {
    throw httpError(400, `JSON body nested too deeply: ${depth} levels. The limit is ${maxDepth}.`)
  }
  try {
    return JSON.parse(text)
  } catch (cause) {
    throw httpError(400, `Invalid JSON body: ${(cause as Error).message}. Send a JSON object.`, {
      cause,
    })
  }
}

/** Decodes a body as UTF-8, refusing bytes that are not. */
export function decodeUtf8(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch (cause) {
    throw httpError(400, 'Invalid JSON body: it is not UTF-8. Send UTF-8 JSON.', { cause })
  }
}

/** The request's JSON object body (an empty body reads as `{}`), already within the route's `bodyLimit`. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const bytes = await c.req.arrayBuffer()
  if (bytes.byteLength === 0) return {}
  const text = decodeUtf8(bytes)
  const value = parseJsonText(text)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw httpError(400, `Invalid JSON body: ${text.slice(0, 40)}. Send a JSON object.`)
  }
  return value as Record<string, unknown>
}
