import { KV_LIMITS } from '../../constants'
import type { KVNamespace } from '../../types/kv-namespace'
import { CF_ERROR, CloudflareApiError, ok } from './envelope'
import { readBody } from './read-body'
import { checkExpiry, checkKey, checkMetadata, checkValueLength, valueTooLarge } from './validate'

/** Room for multipart boundaries and part headers around the value and metadata. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024
const MULTIPART_LIMIT =
  KV_LIMITS.MAX_VALUE_SIZE_BYTES + KV_LIMITS.MAX_METADATA_SIZE_BYTES + MULTIPART_OVERHEAD_BYTES

interface ParsedValue {
  value: Uint8Array | string
  metadata?: unknown
}

function parseMetadata(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new CloudflareApiError(
      400,
      CF_ERROR.INVALID_METADATA,
      `Invalid metadata of ${JSON.stringify(text.slice(0, 100))}. Metadata must be a JSON string.`,
    )
  }
}

async function readMultipart(request: Request, contentType: string): Promise<ParsedValue> {
  const bytes = await readBody(
    request,
    MULTIPART_LIMIT,
    (length, exact) =>
      new CloudflareApiError(
        413,
        CF_ERROR.PAYLOAD_TOO_LARGE,
        `Request body length of ${exact ? '' : 'at least '}${length} exceeds limit of ${MULTIPART_LIMIT} for a value with metadata.`,
      ),
  )
  let form: FormData
  try {
    form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData()
  } catch (cause) {
    throw new CloudflareApiError(
      400,
      CF_ERROR.INVALID_REQUEST,
      `Could not parse the multipart/form-data body: ${(cause as Error).message}.`,
    )
  }
  const nested = [...form.keys()].find((name) => name.startsWith('metadata['))
  if (nested) {
    // The SDK spreads a metadata object into `metadata[field]` parts; Cloudflare
    // wants one JSON part, so say so instead of dropping the metadata.
    throw new CloudflareApiError(
      400,
      CF_ERROR.INVALID_METADATA,
      `[kvdev] Multipart part "${nested}" is not supported. Send metadata as one JSON string part named "metadata" (with the SDK: \`metadata: JSON.stringify({ … })\`).`,
    )
  }
  const value = form.get('value')
  if (value === null) {
    throw new CloudflareApiError(
      400,
      CF_ERROR.MALFORMED_VALUE,
      '[kvdev] The multipart body has no "value" part. Send the value as a part named "value" and optional JSON metadata as a part named "metadata".',
    )
  }
  const rawMetadata = form.get('metadata')
  const metadataText = typeof rawMetadata === 'string' ? rawMetadata : await rawMetadata?.text()
  return {
    value: typeof value === 'string' ? value : new Uint8Array(await value.arrayBuffer()),
    ...(metadataText !== undefined && { metadata: parseMetadata(metadataText) }),
  }
}

/**
 * `PUT …/values/:key?expiration&expiration_ttl`: the raw body is the value, or
 * `multipart/form-data` carries `value` and `metadata` parts. Key and expiry
 * are checked before the body is read; the size while it streams in.
 */
export async function putValue(
  namespace: KVNamespace,
  key: string,
  request: Request,
): Promise<Response> {
  checkKey(key)
  const params = new URL(request.url).searchParams
  const expiry = checkExpiry(
    params.get('expiration') ?? undefined,
    params.get('expiration_ttl') ?? undefined,
  )
  const contentType = request.headers.get('content-type') ?? ''
  const parsed: ParsedValue = /^multipart\/form-data/i.test(contentType)
    ? await readMultipart(request, contentType)
    : {
        value: await readBody(request, KV_LIMITS.MAX_VALUE_SIZE_BYTES, (length, exact) =>
          valueTooLarge(length, exact),
        ),
      }
  const bytes =
    typeof parsed.value === 'string' ? new TextEncoder().encode(parsed.value) : parsed.value
  checkValueLength(bytes.byteLength)
  checkMetadata(parsed.metadata)
  await namespace.put(key, bytes, {
    ...expiry,
    ...(parsed.metadata !== undefined && { metadata: parsed.metadata }),
  })
  return ok({})
}
