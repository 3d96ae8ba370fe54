import { describe, expect, it } from 'vitest'
import { formatBytes as cliBytes, formatRelative as cliRelative } from '../../src/cli/output/format'
import { formatEpochSeconds, scaleBytes, splitDuration } from '../../src/formats/display'
import {
  formatBytes as pageBytes,
  formatRelative as pageRelative,
} from '../../src/inspector/lib/format'

describe('formats/display', () => {
  it('scales bytes to the largest binary unit they reach', () => {
    expect(scaleBytes(1023)).toEqual({ value: 1023, unit: 'B' })
    expect(scaleBytes(1536)).toEqual({ value: 1.5, unit: 'KiB' })
    expect(scaleBytes(25 * 1024 ** 2)).toEqual({ value: 25, unit: 'MiB' })
    expect(scaleBytes(3 * 1024 ** 4)).toEqual({ value: 3072, unit: 'GiB' })
  })

  it('splits a duration into whole days, hours and minutes and the seconds left', () => {
    expect(splitDuration(0)).toEqual({ parts: [], rest: 0 })
    expect(splitDuration(59)).toEqual({ parts: [], rest: 59 })
    expect(splitDuration(90_061)).toEqual({ parts: ['1d', '1h', '1m'], rest: 1 })
    expect(splitDuration(86_400 + 5)).toEqual({ parts: ['1d'], rest: 5 })
  })

  it('writes epoch seconds as iso 8601 to the second', () => {
    expect(formatEpochSeconds(1_700_000_000)).toBe('2023-11-14T22:13:20Z')
  })

  it('keeps the cli and the inspector wording their own', () => {
    expect(cliBytes(12.5 * 1024 ** 2)).toBe('12.5 MiB')
    expect(pageBytes(12.5 * 1024 ** 2)).toBe('13 MiB')
    expect(cliRelative(1000 + 3600, 1000)).toBe('in 1h')
    expect(pageRelative(1000 + 3600, 1000 * 1000)).toBe('in 1h 0s')
    expect(cliRelative(1000 - 90_061, 1000)).toBe('1d 1h ago')
    expect(pageRelative(1000 - 5, 1000 * 1000)).toBe('expired')
    expect(pageRelative(1000 + 90_061, 1000 * 1000)).toBe('in 1d 1h')
  })
})
