import type { KvRecord } from '../../../src/types/records'

export const PERSONAS = [
  { sub: 'ada', name: 'Ada Lovelace', email: 'ada@example.com' },
  { sub: 'alan', name: 'Alan Turing', email: 'alan@example.com' },
]

/** A small namespace shaped like a game's: users, sessions, cache, config. */
export function sampleRecords(): KvRecord[] {
  const records: KvRecord[] = []
  for (const persona of PERSONAS) {
    const identity = { sub: persona.sub, name: persona.name, email: persona.email }
    records.push(
      {
        key: `user:${persona.sub}:state`,
        value: JSON.stringify({ score: 100, level: 3 }),
        metadata: identity,
      },
      {
        key: `user:${persona.sub}:inventory`,
        value: JSON.stringify(['sword', 'shield']),
        metadata: identity,
      },
    )
  }
  records.push(
    { key: 'session:abc', value: 'token-abc', expiration_ttl: 3600 },
    { key: 'session:def', value: 'token-def', expiration_ttl: 7200 },
    { key: 'cache:leaderboard', value: JSON.stringify({ top: [1, 2, 3] }) },
    { key: 'config', value: '{"big": 12345678901234567890, "name": "kvdev"}' },
    {
      key: 'blob:icon',
      value: Buffer.from([0, 1, 2, 0xfe, 0xff]).toString('base64'),
      base64: true,
    },
  )
  return records
}
