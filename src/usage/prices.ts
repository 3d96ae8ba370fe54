import type { OpCounts } from './op-counts'

/**
 * Workers KV on the Workers Paid plan, as Cloudflare publishes it: what a month includes and
 * the price of each million operations beyond that. Bulk reads are billed per key read.
 */
export const KV_PRICES = {
  plan: 'Workers Paid',
  currency: 'USD',
  /** When the published page was last updated, as it states. */
  date: '2026-02-06',
  source: 'https://developers.cloudflare.com/kv/platform/pricing/',
  perMillion: { reads: 0.5, writes: 5, deletes: 5, lists: 5 } satisfies OpCounts,
  includedPerMonth: {
    reads: 10_000_000,
    writes: 1_000_000,
    deletes: 1_000_000,
    lists: 1_000_000,
  } satisfies OpCounts,
  storage: { includedGb: 1, perGbMonth: 0.5 },
} as const
