import { describe, expect, it } from 'vitest'
import { addKvNamespace } from '../../src/config/add-kv-namespace'

describe('addKvNamespace', () => {
  it('adds a line below the last entry in the file’s comma style', () => {
    expect(
      addKvNamespace('{\n  "kv_namespaces": [\n    { "binding": "A" } // a\n  ]\n}', 'jsonc', 'KV'),
    ).toBe('{\n  "kv_namespaces": [\n    { "binding": "A" }, // a\n    { "binding": "KV" }\n  ]\n}')
    expect(
      addKvNamespace('{\n  "kv_namespaces": [\n    { "binding": "A" },\n  ],\n}', 'jsonc', 'KV'),
    ).toBe('{\n  "kv_namespaces": [\n    { "binding": "A" },\n    { "binding": "KV" },\n  ],\n}')
  })

  it('keeps tabs, crlf line ends and a byte-order mark', () => {
    expect(addKvNamespace('\uFEFF{\r\n\t"name": "x" // n\r\n}\r\n', 'jsonc', 'KV')).toBe(
      '\uFEFF{\r\n\t"name": "x", // n\r\n\t"kv_namespaces": [\r\n\t\t{ "binding": "KV" }\r\n\t]\r\n}\r\n',
    )
  })

  it('fills an empty or one-line array in place', () => {
    expect(addKvNamespace('{ "kv_namespaces": [] }', 'jsonc', 'KV')).toBe(
      '{ "kv_namespaces": [{ "binding": "KV" }] }',
    )
    expect(addKvNamespace('{ "kv_namespaces": [{ "binding": "A" }] }', 'jsonc', 'KV')).toBe(
      '{ "kv_namespaces": [{ "binding": "A" }, { "binding": "KV" }] }',
    )
  })

  it('adds to the env section when an env is named', () => {
    const text = '{\n  "env": {\n    "staging": {\n      "vars": {}\n    }\n  }\n}\n'
    expect(addKvNamespace(text, 'jsonc', 'KV', 'staging')).toBe(
      '{\n  "env": {\n    "staging": {\n      "vars": {},\n      "kv_namespaces": [\n        { "binding": "KV" }\n      ]\n    }\n  }\n}\n',
    )
    expect(addKvNamespace('name = "x"\n', 'toml', 'KV', 'staging')).toBe(
      'name = "x"\n\n[[env.staging.kv_namespaces]]\nbinding = "KV"\n',
    )
  })

  it('answers undefined when the binding is already there', () => {
    expect(addKvNamespace('{"kv_namespaces":[{"binding":"KV","id":"x"}]}', 'jsonc', 'KV')).toBe(
      undefined,
    )
    expect(addKvNamespace('kv_namespaces = [{ binding = "KV" }]\n', 'toml', 'KV')).toBe(undefined)
  })

  it('refuses an edit that would not read back, naming the entry to add by hand', () => {
    expect(() => addKvNamespace('kv_namespaces = [{ binding = "A" }]\n', 'toml', 'KV')).toThrow(
      'Could not add the KV binding "KV" to this config without rewriting it. Add `kv_namespaces` with { "binding": "KV" } by hand.',
    )
  })
})
