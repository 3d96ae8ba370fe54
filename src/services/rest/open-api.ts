import { KV_LIMITS } from '../../constants'
import type { RestRoute } from './routes'

/** `/v1/kv/:key{.+}` → `/v1/kv/{key}`. */
export function toOpenApiPath(path: string): string {
  return path.replace(/:(\w+)(?:\{[^}]*\})?/g, '{$1}')
}

/** An OpenAPI 3.0.0 document built from the very route table the app serves. */
export function createOpenApiDocument(routes: RestRoute[]): unknown {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of routes) {
    if (route.method === 'options') continue
    const path = toOpenApiPath(route.path)
    const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }))
    paths[path] ??= {}
    paths[path][route.method] = {
      summary: route.summary,
      ...(params.length > 0 ? { parameters: params } : {}),
      ...(route.write
        ? {
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['value'],
                    properties: {
                      value: {},
                      [route.write]: {
                        type: 'integer',
                        minimum: KV_LIMITS.MIN_EXPIRATION_TTL_SECONDS,
                      },
                    },
                  },
                },
              },
            },
          }
        : {}),
      ...(route.public ? { security: [] } : {}),
      responses: { 200: { description: 'OK' } },
    }
  }
  return {
    openapi: '3.0.0',
    info: { title: 'kvdev KV REST service', version: '1.0.0' },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        basic: { type: 'http', scheme: 'basic' },
      },
    },
    security: [{ bearer: [] }, { apiKey: [] }, { basic: [] }],
    paths,
  }
}
