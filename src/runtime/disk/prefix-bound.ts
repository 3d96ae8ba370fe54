/**
 * The least string above every string that starts with `prefix`, in UTF-8 byte
 * order (SQLite's BINARY collation): the prefix with its last code point raised
 * by one. Undefined for the empty prefix and for one ending in U+10FFFF, which
 * have no such bound; callers then scan and stop at the first key not matching.
 */
export function getPrefixBound(prefix: string): string | undefined {
  if (prefix === '') return undefined
  const points = Array.from(prefix)
  const last = points.pop()!.codePointAt(0)!
  if (last === 0x10ffff) return undefined
  // Code points skip the surrogate range, as UTF-8 does.
  const next = last === 0xd7ff ? 0xe000 : last + 1
  return points.join('') + String.fromCodePoint(next)
}
