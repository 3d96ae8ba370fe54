import { describe, expect, it } from 'vitest'
import { mayReachBase } from '../../src/plugin/mount-inspector'

describe('plugin mount', () => {
  it('sends every form of a kvdev path to the bridge', () => {
    for (const target of [
      '/__kv',
      '/__kv/',
      '/__kv/api/keys?binding=KV',
      // The bridge resolves dot segments, so these are kvdev's paths too.
      '/x/../__kv/api/info',
      '/__kv/./api/info',
      // An absolute-form target: the bridge reads its path.
      'http://evil.example/__kv/api/info',
    ]) {
      expect(mayReachBase(target, '/__kv'), target).toBe(true)
    }
  })

  it('keeps vite requests away from the bridge', () => {
    for (const target of [
      '/src/main.ts',
      '/@vite/client',
      '/node_modules/.vite/deps/x.js?v=1',
      '/__kvx',
      '/__kv.ts',
    ]) {
      expect(mayReachBase(target, '/__kv'), target).toBe(false)
    }
  })

  it('sends a target it cannot parse to the bridge, whose guard answers it', () => {
    expect(mayReachBase('*', '/__kv')).toBe(true)
  })
})
