// Which lifecycle event types a webhook receives: a comma-separated list of event types (core/lifecycle/event-rules.ts
// EVENT_TYPES), prefixes ending in `*` (`ReactivationWindow*`), or `*` for all.
import { EVENT_TYPES } from '../core/lifecycle/event-rules.js';

/** Parses a filter; throws an Error naming an entry that matches no event type. */
export function parseEventFilter(text: string): (type: string) => boolean {
  const entries = text.split(',').map((e) => e.trim()).filter((e) => e !== '');
  if (entries.length === 0) throw new Error('the webhook event filter is empty (use * for every event)');
  const tests = entries.map((e) => {
    const test = e.endsWith('*') ? (t: string) => t.startsWith(e.slice(0, -1)) : (t: string) => t === e;
    if (!EVENT_TYPES.some(test)) throw new Error(`the webhook event filter entry ${e} matches no lifecycle event type`);
    return test;
  });
  return (type) => tests.some((t) => t(type));
}
