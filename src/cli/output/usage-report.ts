import type { OpCounts } from '../../usage/op-counts'
import type { UsageReport } from '../../usage/types'
import { plural } from '../report'
import { formatTable } from './format'

const number = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 })
const dollars = (n: number) =>
  `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`

const counts = (c: OpCounts) => [
  plural(c.reads, 'read'),
  plural(c.writes, 'write'),
  plural(c.deletes, 'delete'),
  plural(c.lists, 'list'),
]

/** `kvdev stats --usage` for a terminal: totals, by binding, by route, and the estimate. */
export function formatUsage(usage: UsageReport, bold: (text: string) => string): string {
  const lines = [
    `${bold('Usage')}    ${plural(usage.requests, 'request')} to the app's routes since ${usage.since}`,
    `         ${counts(usage).join(', ')}`,
  ]
  const bindings = Object.entries(usage.byBinding)
  if (bindings.length > 0) {
    lines.push(
      '',
      bold('By binding'),
      formatTable(bindings.map(([b, c]) => [`  ${b}`, ...counts(c)])),
    )
  }
  const routes = Object.entries(usage.byRoute)
  if (routes.length > 0) {
    const rows = routes.map(([r, c]) => [`  ${r}`, plural(c.requests, 'request'), ...counts(c)])
    lines.push('', bold('By route'), formatTable(rows))
  }
  const { estimate } = usage
  if (estimate) {
    const { prices } = estimate
    lines.push(
      '',
      bold(`Estimate for ${number(estimate.monthlyRequests)} requests a month`),
      formatTable(
        estimate.lines.map((l) => [
          `  ${l.kind}`,
          `${number(l.perRequest)} per request`,
          `${number(l.perMonth)} a month`,
          `− ${number(l.included)} included`,
          `× ${dollars(l.pricePerMillion)}/million`,
          `= ${dollars(l.cost)}`,
        ]),
      ),
      `  total    ${dollars(estimate.total)} a month in KV operations (storage not included: ${dollars(prices.storage.perGbMonth)}/GB-month beyond ${prices.storage.includedGb} GB)`,
      `  formula  ${estimate.formula}`,
      `  prices   ${prices.plan} plan, ${prices.currency}, as published on ${prices.date}: ${prices.source}`,
    )
  }
  return lines.join('\n')
}
