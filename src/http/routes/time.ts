import type { Context } from 'hono'
import type { ClockState } from '../../runtime/history/clock-file'
import { formatDuration, parseDuration } from '../../runtime/history/duration'
import type { KvdevApiEnv } from '../env'
import { readJsonObject } from '../json'
import { getStore } from '../query'
import { getBodyString, getHistory } from './history-store'

type C = Context<KvdevApiEnv>

/** Keys a preview lists at most; `total` counts them all. */
const PREVIEW_KEYS = 1000

/** The clock with its label (`1 h 30 min`), worded once for the CLI and the inspector. */
const labelled = (clock: ClockState) => ({ ...clock, label: formatDuration(clock.advancedSeconds) })

/**
 * `GET time`: how far the store clock was moved, and its last jumps; `available: false` for a
 * store in memory, which has no clock to move (the inspector then hides its controls).
 */
export async function getClock(c: C) {
  const { history } = getStore(c)
  const clock = history ? await history.clock() : { advancedSeconds: 0, jumps: [] }
  return c.json({ available: history !== undefined, ...labelled(clock) })
}

/** `GET time/preview?duration=1h`: the keys a jump would expire; nothing changes. */
export async function previewClock(c: C) {
  const seconds = parseDuration(c.req.query('duration') ?? '')
  const keys = await getHistory(c).preview(seconds)
  return c.json({
    seconds,
    label: formatDuration(seconds),
    total: keys.length,
    keys: keys.slice(0, PREVIEW_KEYS),
  })
}

/** `POST time/advance` with `{ "duration": "1h" }`: moves the store clock forward. */
export async function advanceClock(c: C) {
  const seconds = parseDuration(getBodyString(await readJsonObject(c), 'duration'))
  const { expired, shifted, clock } = await getHistory(c).advance(seconds)
  return c.json({ seconds, expired, shifted, clock: labelled(clock) })
}
