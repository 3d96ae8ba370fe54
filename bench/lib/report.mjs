import { readFileSync } from 'node:fs'
import { cpus, platform, release, totalmem } from 'node:os'
import { fmtMs } from './measure.mjs'

const MODULES = new URL('../../node_modules/', import.meta.url)

// Read from node_modules directly: some packages (hono) do not export their package.json.
function version(name, from = MODULES) {
  try {
    return JSON.parse(readFileSync(new URL(`${name}/package.json`, from), 'utf8')).version
  } catch {
    return 'not installed'
  }
}

const NESTED = new URL('@cloudflare/vite-plugin/node_modules/', MODULES)

/** The machine and the version of every package the figures depend on. */
export function machineLines(extra = {}) {
  const cpu = cpus()
  const root = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
  return [
    `- CPU: ${cpu[0]?.model ?? 'unknown'} × ${cpu.length}`,
    `- Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- OS: ${platform()} ${release()}`,
    `- Node (bench process, in-process scenarios): ${process.version}`,
    `- kvdev: ${root.version} (built dist/)`,
    ...[
      'miniflare',
      'workerd',
      'wrangler',
      'vite',
      'hono',
      '@hono/vite-dev-server',
      '@cloudflare/vite-plugin',
    ].map((name) => `- ${name}: ${version(name)}`),
    ...['wrangler', 'miniflare', 'workerd'].map(
      (name) => `- ${name} (nested in @cloudflare/vite-plugin): ${version(name, NESTED)}`,
    ),
    ...Object.entries(extra).map(([name, v]) => `- ${name}: ${v}`),
  ]
}

export function machine() {
  return machineLines().join('\n')
}

export function cell(summary) {
  if (summary === undefined) return '—'
  if (typeof summary === 'number') return summary.toFixed(0)
  return `${fmtMs(summary.median)} (${fmtMs(summary.p10)}–${fmtMs(summary.p90)}, n=${summary.n})`
}

/** "12.3× faster" when kvdev wins, "4.2× slower" when it loses. */
export function ratio(kvdev, anchor) {
  if (!kvdev?.median || !anchor?.median) return '—'
  const r = anchor.median / kvdev.median
  const fmt = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1))
  return r >= 1 ? `**${fmt(r)}×** faster` : `${fmt(1 / r)}× slower`
}

export function table(header, rows) {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n')
}
