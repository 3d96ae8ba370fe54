import { expect } from 'vitest'
import type { runRocketStackExamples, runWorkertownExamples } from './document-examples'

/** What the documents promise for their examples, wherever the service runs. */
export function expectRocketStack(result: Awaited<ReturnType<typeof runRocketStackExamples>>) {
  expect(result.putStatus).toBe(200)
  expect(result.session).toMatchObject({ userId: 'usr_abc123', cart: [{ sku: 'item_1', qty: 2 }] })
  expect(result.deleteStatus).toBe(200)
  expect(result.afterDeleteStatus).toBe(404)
  expect(result.cached).toEqual([
    { key: 'report', answer: 42 },
    { key: 'report', answer: 42 },
  ])
  expect(result.computations).toBe(1)
}

export function expectWorkertown(result: Awaited<ReturnType<typeof runWorkertownExamples>>) {
  expect(result.put).toEqual({
    status: 200,
    body: { status: 200, success: true, data: { enabled: true } },
  })
  expect(result.get).toEqual({
    status: 200,
    body: { status: 200, success: true, data: { enabled: true } },
  })
  expect(result.delete).toEqual({ status: 200, body: { status: 200, success: true, data: true } })
  expect(result.missing).toEqual({ status: 404, body: { status: 404, success: true, data: null } })
  expect(result.info.status).toBe(200)
  expect(result.info.body.data.endpoints).toEqual({
    v1: { kv: '/v1/kv', admin: '/v1/admin' },
    public: '/',
    items: '/kv/items',
  })
  expect(result.openApi.body.openapi).toBe('3.0.0')
}
