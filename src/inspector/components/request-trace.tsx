import type { RequestTrace } from '../api/types'
import { formatBytes } from '../lib/format'
import { showControls } from '../lib/visible-text'

const keyText = (key: string | string[] | null) =>
  key === null ? '(all keys)' : Array.isArray(key) ? `${key.length} keys: ${key.join(', ')}` : key

/** One request's KV calls in the order it made them, and what kvdev flags in them. */
export function RequestTraceView({ trace, persona }: { trace: RequestTrace; persona: string }) {
  return (
    <section class="trace" aria-label={`Trace of ${trace.method} ${trace.path}`}>
      <h3>
        {trace.method} {showControls(trace.path)}{' '}
        <span class="muted">
          {trace.status} · {persona} · {trace.ms.toFixed(1)} ms
          {trace.route ? ` · route ${trace.route}` : ' · no route'}
        </span>
      </h3>
      {trace.flags.map((flag) => (
        <p key={flag.kind + flag.key} class="flag" data-flag={flag.kind}>
          {flag.message}
        </p>
      ))}
      {trace.ops.length === 0 ? <p class="hint">No KV calls.</p> : null}
      <ol class="ops">
        {trace.ops.map((op, i) => (
          <li key={i} data-op={op.op} class={op.error ? 'op failed' : 'op'}>
            <span class={`op-kind ${op.kind}`}>{op.op}</span>
            <span class="muted">{op.binding}</span>
            <code>{showControls(keyText(op.key))}</code>
            <span class="muted">
              {op.hit === undefined ? '' : op.hit ? 'hit · ' : 'miss · '}
              {op.bytes === null ? '' : `${formatBytes(op.bytes)} · `}
              {op.cached ? 'memory cache' : `${op.ms.toFixed(2)} ms`}
            </span>
            {op.error ? <span class="error">{op.error}</span> : null}
          </li>
        ))}
      </ol>
      {trace.droppedOps > 0 ? (
        <p class="hint">{trace.droppedOps} more calls counted, not kept.</p>
      ) : null}
    </section>
  )
}
