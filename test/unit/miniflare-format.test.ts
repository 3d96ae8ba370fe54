import { describe, expect, it } from 'vitest'
import {
  BLOB_ID,
  createBlobId,
  getInstalledVersions,
  getUntestedReason,
  TESTED_VERSIONS,
} from '../../src/runtime/disk/miniflare-format'

describe('miniflare format', () => {
  it('takes only blob ids of the form miniflare writes', () => {
    expect(BLOB_ID.test(createBlobId())).toBe(true)
    const id = createBlobId()
    for (const planted of [
      '../../../../elsewhere/secret.txt',
      `../${id.slice(3)}`,
      id.toUpperCase(),
      `${id}/`,
      `${id}x`,
      id.slice(1),
      `/${id.slice(1)}`,
    ]) {
      expect(BLOB_ID.test(planted), planted).toBe(false)
    }
  })

  it('draws a fresh random part and the current time for each blob id', () => {
    const start = Date.now()
    const ids = Array.from({ length: 1000 }, () => createBlobId())
    expect(new Set(ids.map((id) => id.slice(0, 64))).size).toBe(1000)
    for (const id of ids) {
      expect(BLOB_ID.test(id)).toBe(true)
      const time = Number(Buffer.from(id.slice(64), 'hex').readBigInt64BE())
      expect(time).toBeGreaterThanOrEqual(start)
      expect(time).toBeLessThanOrEqual(Date.now())
    }
  })

  it('runs the files path only on the miniflare and workerd versions it was tested on', () => {
    const tested = TESTED_VERSIONS[0]!
    expect(getUntestedReason(tested)).toBeUndefined()
    expect(getUntestedReason({ ...tested, workerd: '1.20990101.0' })).toBe(
      `Miniflare ${tested.miniflare} with workerd 1.20990101.0 is not a version kvdev's files path was tested on (${TESTED_VERSIONS.map((t) => `${t.miniflare}/${t.workerd}`).join(', ')})`,
    )
    expect(getUntestedReason(null)).toBe(
      'the installed Miniflare and workerd versions could not be read',
    )
  })

  it('lists the installed versions among those tested', () => {
    expect(getUntestedReason(getInstalledVersions())).toBeUndefined()
  })
})
