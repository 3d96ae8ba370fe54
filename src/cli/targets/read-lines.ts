import type { HttpResponse } from './http-response'

/** The non-empty lines of a streamed response body, without buffering the whole body. */
export async function* readLines(response: HttpResponse): AsyncIterable<string> {
  if (!response.body) return
  const decoder = new TextDecoder()
  let rest = ''
  for await (const chunk of response.body) {
    rest += decoder.decode(chunk, { stream: true })
    const lines = rest.split('\n')
    rest = lines.pop()!
    for (const line of lines) if (line.trim()) yield line
  }
  rest += decoder.decode()
  if (rest.trim()) yield rest
}
