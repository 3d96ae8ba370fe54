import type { Context } from 'hono'
import { API_LIMITS, KV_LIMITS } from '../../constants'
import { CF_MESSAGES } from '../../rules'
import type { KVNamespace } from '../../types/kv-namespace'
import { limitBody } from '../body-limit'
import { CF_ERROR, cloudflareError, ok } from './envelope'
import { checkExpiry, checkKey, checkMetadata, checkValueLength, valueTooLarge } from './validate'

const MULTIPART_LIMIT =
  KV_LIMITS.MAX_VALUE_SIZE_BYTES +
  KV_LIMITS.MAX_METADATA_SIZE_BYTES +
  API_LIMITS.MULTIPART_OVERHEAD_BYTES

const isMultipart = (c: Context) =>
  /^multipart\/form-data/i.test(c.req.header('content-type') ?? '')

const limitRaw = limitBody(KV_LIMITS.MAX_VALUE_SIZE_BYTES, valueTooLarge)
const limitMultipart = limitBody(MULTIPART_LIMIT, (length, exact) =>
  cloudflareError(
    413,
    CF_ERROR.PAYLOAD_TOO_LARGE,
    CF_MESSAGES.bodyTooLarge(length, MULTIPART_LIMIT, exact, ' for a value with metadata'),
  ),
)

interface ParsedValue {
  value: Uint8Array | string
  metadata?: unknown
}

function parseMetadata(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw cloudflareError(
      400,
      CF_ERROR.INVALID_METADATA,
      `Invalid metadata of ${JSON.stringify(text.slice(0, 100))}. Metadata must be a JSON string.`,
    )
  }
}

async function readMultipart(c: Context): Promise<ParsedValue> {
  let form: FormData
  try {
    form = await c.req.formData()
  } catch (cause) {
    throw cloudflareError(
      400,
      CF_ERROR.INVALID_REQUEST,
      `Could not parse the multipart/form-data body: ${(cause as Error).message}.`,
    )
  }
  const nested = [...form.keys()].find((name) => name.startsWith('metadata['))
  if (nested) {
    // The SDK spreads a metadata object into `metadata[field]` parts; Cloudflare
    // wants one JSON part, so say so instead of dropping the metadata.
    throw cloudflareError(
      400,
      CF_ERROR.INVALID_METADATA,
      `[kvdev] Multipart part "${nested}" is not supported. Send metadata as one JSON string part named "metadata" (with the SDK: \`metadata: JSON.stringify({ … })\`).`,
    )
  }
  const value = form.get('value')
  if (value === null) {
    throw cloudflareError(
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
export async function putValue(c: Context, namespace: KVNamespace, key: string) {
  checkKey(key)
  const expiry = checkExpiry(c.req.query('expiration'), c.req.query('expiration_ttl'))
  // The body counts against the server's upload budget until it is written.
  await (isMultipart(c) ? limitMultipart : limitRaw)(c, async () => {
    const { value, metadata }: ParsedValue = isMultipart(c)
      ? await readMultipart(c)
      : { value: new Uint8Array(await c.req.arrayBuffer()) }
    const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value
    checkValueLength(bytes.byteLength)
    checkMetadata(metadata)
    await namespace.put(key, bytes, {
      ...expiry,
      ...(metadata !== undefined && { metadata }),
    })
  })
  return ok(c, {})
}
