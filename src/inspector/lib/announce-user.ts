/** The channel on which the inspector tells the app's open pages (same origin) about a switch. */
export const ANNOUNCE_CHANNEL = 'kvdev'

/**
 * Tells the app's open pages that their next requests run as `active` (a persona's `sub`, or
 * `anonymous`): `{ type: 'user', active }` on `BroadcastChannel('kvdev')`, so a page can load
 * its player again without a reload (the playground does).
 */
export function announceUser(active: string): void {
  const channel = new BroadcastChannel(ANNOUNCE_CHANNEL)
  // Messages already posted are still delivered after close.
  channel.postMessage({ type: 'user', active })
  channel.close()
}
