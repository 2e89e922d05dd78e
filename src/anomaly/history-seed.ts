// The first start of detection on an installation that already has traffic: without this, every principal's next use
// of every key it has long used, and its usual network, would raise a "first" alert. So, when no learned fact is
// stored yet, the facts are learnt silently from the newest audit records (who used which key, from which networks).
import type { Store } from '../core/ports.js';
import { SYSTEM_PRINCIPAL } from '../core/lifecycle/system-audit.js';
import { KEY_USES } from './detectors.js';
import type { LearnedFacts } from './learned-facts.js';
import { networkOf, UNAUTHENTICATED } from './observation.js';

/** Audit records read at most (the newest ones): bounds the one-time start-up cost on a large log. */
export const HISTORY_RECORDS = 100_000;
const PAGE = 1000;

/** Learns from the audit log's newest records; returns how many records were read. */
export async function seedFromAudit(store: Pick<Store, 'lastAudit' | 'readAudit'>, facts: LearnedFacts): Promise<number> {
  const head = (await store.lastAudit())?.seq ?? 0;
  let read = 0;
  for (let after = Math.max(0, head - HISTORY_RECORDS); after < head;) {
    const records = await store.readAudit(after, PAGE);
    if (records.length === 0) break;
    for (const r of records) {
      read++;
      if (r.principal === UNAUTHENTICATED || r.principal === SYSTEM_PRINCIPAL) continue;
      const network = networkOf(r.sourceAddress);
      if (network !== undefined) {
        facts.learn('network', r.principal, network, r.time);
        facts.touch('network', r.principal, r.time);
      }
      // No context-learning start from history: the records hold no context key names in clear, so each key's learning
      // period must start with its first use observed from now on.
      if (r.keyArn === undefined || r.outcome !== 'success') continue;
      if (KEY_USES.has(r.operation) || r.operation === 'CreateKey') facts.learn('key-user', r.keyArn, r.principal, r.time);
    }
    after = records[records.length - 1]!.seq;
  }
  return read;
}
