import { KvdevError } from '../../errors'
import { type HttpInit, type HttpResponse, requestHttp } from './http-response'

interface ErrorEnvelope {
  errors?: { code?: number | string; message?: string }[]
}

async function describeFailure(response: HttpResponse): Promise<string> {
  const text = await response.text().catch(() => '')
  try {
    const body = JSON.parse(text) as ErrorEnvelope
    const messages = (body.errors ?? []).map((e) => e.message).filter(Boolean)
    if (messages.length > 0) return messages.join('; ').replace(/^\[kvdev\] /, '')
  } catch {}
  return text.slice(0, 200) || response.statusText
}

/**
 * One HTTP call with errors worth reading: an unreachable server and a
 * non-2xx answer become ERR_REMOTE naming the method, the URL and the reply.
 * `allow404` returns the 404 response instead of throwing.
 */
export async function request(
  url: string,
  init: HttpInit,
  allow404 = false,
): Promise<HttpResponse> {
  const method = init.method ?? 'GET'
  let response: HttpResponse
  try {
    // Cloudflare (https) through fetch; the local dev server over node:http, which starts faster.
    response = url.startsWith('http:')
      ? await requestHttp(url, init)
      : ((await fetch(url, init as RequestInit)) as unknown as HttpResponse)
  } catch (cause) {
    const reason = (cause as Error & { cause?: Error }).cause?.message ?? (cause as Error).message
    throw new KvdevError(
      'ERR_REMOTE',
      `Could not reach ${redact(url)}: ${reason}. Check that the server is up.`,
      {
        cause,
      },
    )
  }
  if (response.ok || (allow404 && response.status === 404)) return response
  const reason = await describeFailure(response)
  throw new KvdevError(
    'ERR_REMOTE',
    `${method} ${redact(url)} failed: ${response.status} ${reason.replace(/\.$/, '')}.`,
  )
}

export async function requestJson<T>(url: string, init: HttpInit): Promise<T> {
  return (await (await request(url, init)).json()) as T
}

/** URLs in messages without their query string (it may carry keys the user did not ask to print). */
function redact(url: string): string {
  const at = url.indexOf('?')
  return at === -1 ? url : url.slice(0, at)
}
