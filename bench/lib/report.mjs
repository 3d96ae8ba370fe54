import { readFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { createRequire } from 'node:module'
import { fmtMs } from './measure.mjs'

const require = createRequire(import.meta.url)

function version(name) {
  try {
    return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version
  } catch {
    return 'not installed'
  }
}

export function machine() {
  const cpu = cpus()
  return [
    `- CPU: ${cpu[0]?.model ?? 'unknown'} × ${cpu.length}`,
    `- Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- Node: ${process.version}`,
    ...['miniflare', 'workerd', 'wrangler', 'vite', 'hono', '@hono/vite-dev-server', '@cloudflare/vite-plugin', 'better-sqlite3'].map(
      (name) => `- ${name}: ${version(name)}`,
    ),
  ].join('\n')
}

export function cell(summary) {
  if (summary === undefined) return '—'
  if (typeof summary === 'number') return summary.toFixed(0)
  return `${fmtMs(summary.median)} (${fmtMs(summary.p10)}–${fmtMs(summary.p90)}, n=${summary.n})`
}

/** "12.3× faster" when kvdev wins, "0.8× (slower)" when it loses. */
export function ratio(kvdev, anchor) {
  if (!kvdev || !anchor) return '—'
  const r = anchor.median / kvdev.median
  return r >= 1 ? `**${r >= 100 ? r.toFixed(0) : r.toFixed(1)}×** faster` : `${r.toFixed(2)}× (slower)`
}

export function table(header, rows) {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')
}
