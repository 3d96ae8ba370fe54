import type { OpCounts } from './op-counts'
import { KV_PRICES } from './prices'

const KINDS = ['reads', 'writes', 'deletes', 'lists'] as const

export interface CostLine {
  kind: (typeof KINDS)[number]
  perRequest: number
  perMonth: number
  included: number
  billable: number
  pricePerMillion: number
  cost: number
}

export interface CostEstimate {
  monthlyRequests: number
  /** Requests measured so far, whose operations per request the estimate scales. */
  measuredRequests: number
  lines: CostLine[]
  /** Operations only: storage is billed on what is stored, not on requests. */
  total: number
  formula: string
  prices: typeof KV_PRICES
}

/**
 * What `monthlyRequests` requests would cost in KV operations on Workers Paid, if each made
 * the operations the measured requests made on average:
 * per kind, max(0, ops per request × monthly requests − included) ÷ 1,000,000 × price.
 */
export function estimateCost(
  measured: OpCounts & { requests: number },
  monthlyRequests: number,
): CostEstimate {
  const lines = KINDS.map((kind): CostLine => {
    const perRequest = measured.requests > 0 ? measured[kind] / measured.requests : 0
    const perMonth = perRequest * monthlyRequests
    const included = KV_PRICES.includedPerMonth[kind]
    const billable = Math.max(0, perMonth - included)
    const pricePerMillion = KV_PRICES.perMillion[kind]
    return {
      kind,
      perRequest,
      perMonth,
      included,
      billable,
      pricePerMillion,
      cost: (billable / 1_000_000) * pricePerMillion,
    }
  })
  return {
    monthlyRequests,
    measuredRequests: measured.requests,
    lines,
    total: lines.reduce((sum, line) => sum + line.cost, 0),
    formula:
      'cost = Σ max(0, ops per request × monthly requests − included per month) ÷ 1,000,000 × price per million',
    prices: KV_PRICES,
  }
}
