import { useState } from 'preact/hooks'
import { api } from '../api/client'
import { usePolling } from '../hooks/use-polling'
import { formatCount } from '../lib/format'

const dollars = (n: number) =>
  `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
const amount = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 })

/** The app's KV calls since start, and what a month of them would cost on Workers KV. */
export function UsagePanel() {
  const [monthly, setMonthly] = useState(1_000_000)
  const { data, error } = usePolling(() => api.usage(monthly), [monthly])
  if (error)
    return (
      <p class="error" role="alert">
        {error}
      </p>
    )
  if (!data) return null
  if (!data.available) return <p class="hint">{data.reason}</p>
  const estimate = data.estimate
  return (
    <section class="usage" aria-label="Usage">
      <h3>KV calls of the app's routes</h3>
      <div class="tiles">
        {(['reads', 'writes', 'deletes', 'lists'] as const).map((kind) => (
          <div class="tile" key={kind}>
            <span class="tile-value" data-usage={kind}>
              {formatCount(data[kind])}
            </span>
            <span class="tile-label">{kind}</span>
          </div>
        ))}
      </div>
      <p class="muted">
        {formatCount(data.requests)} requests since {data.since}
      </p>
      <table class="groups">
        <tbody>
          {Object.entries(data.byRoute).map(([route, c]) => (
            <tr key={route}>
              <td>{route}</td>
              <td>
                {c.requests} request{c.requests === 1 ? '' : 's'}
              </td>
              <td>
                {c.reads} reads · {c.writes} writes · {c.deletes} deletes · {c.lists} lists
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <label class="estimate-input">
        <span>Requests a month</span>
        <input
          type="number"
          name="monthly-requests"
          min={0}
          step={1000}
          value={monthly}
          onChange={(event) => {
            const value = Number((event.currentTarget as HTMLInputElement).value)
            if (Number.isSafeInteger(value) && value >= 0) setMonthly(value)
          }}
        />
      </label>
      {estimate ? (
        <>
          <table class="groups estimate">
            <thead>
              <tr>
                <th>ops</th>
                <th>per request</th>
                <th>a month</th>
                <th>included</th>
                <th>price</th>
                <th>cost</th>
              </tr>
            </thead>
            <tbody>
              {estimate.lines.map((line) => (
                <tr key={line.kind}>
                  <td>{line.kind}</td>
                  <td>{amount(line.perRequest)}</td>
                  <td>{amount(line.perMonth)}</td>
                  <td>{amount(line.included)}</td>
                  <td>{dollars(line.pricePerMillion)}/million</td>
                  <td>{dollars(line.cost)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <strong data-usage="total">{dollars(estimate.total)}</strong> a month in KV operations
            (storage apart: {dollars(estimate.prices.storage.perGbMonth)}/GB-month beyond{' '}
            {estimate.prices.storage.includedGb} GB).
          </p>
          <p class="muted">
            <code>{estimate.formula}</code>
          </p>
          <p class="muted">
            {estimate.prices.plan} plan prices as published on {estimate.prices.date}:{' '}
            <a href={estimate.prices.source} target="_blank" rel="noreferrer">
              {estimate.prices.source}
            </a>
          </p>
        </>
      ) : null}
    </section>
  )
}
