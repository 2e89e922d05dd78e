// The AES-GCM invocation limit per key version, enforced without a database write per request: each process reserves
// ranges of invocations in the store (an atomic counter that never passes the limit, across processes and nodes) and
// spends them locally. NIST SP 800-38D §8.3: with random 96-bit IVs, at most 2^32 invocations per key. Ranges start at 1
// and double while a version is busy (up to MAX_CHUNK), and shrink to 1/64 of what is left as the limit nears, so the
// invocations a process holds unused when the limit is reached stay few; unused ranges are given back on eviction and
// shutdown. The reserved total is thus an upper bound of the encryptions made, and the limit is never exceeded.
import { KmsError } from '../../protocol/errors.js';
import { keyNotFound } from '../keys/arn.js';
import type { KmsService } from '../service.js';
import { usageThresholds } from './lifecycle-settings.js';
import { afterReservation } from './usage-limits.js';

const MAX_CHUNK = 4096;
/** Versions whose ranges a process keeps (the rest give their unused invocations back). */
const CAPACITY = 10_000;
/** A version found at its limit is asked again after this long (another process may have given invocations back). */
const EXHAUSTED_RECHECK_MS = 1000;

interface Range {
  keyId: string;
  version: number;
  left: number;
  chunk: number;
  /** The limit minus the reserved total last seen. */
  remaining: number;
  refill?: Promise<void> | undefined;
  /** Real time before which an exhausted version is refused without asking the store. */
  exhaustedUntil: number;
}

export class InvocationBudget {
  private readonly ranges = new Map<string, Range>();

  constructor(private readonly service: KmsService) {}

  /** Takes one invocation of the version: synchronously (undefined) from the local range, else after reserving more. */
  take(keyId: string, version: number, arn: string): Promise<void> | undefined {
    const id = `${keyId}/${version}`;
    const r = this.ranges.get(id);
    if (r !== undefined && r.left > 0) {
      r.left--;
      return undefined;
    }
    return this.takeSlowly(id, keyId, version, arn);
  }

  /** Gives every unused invocation back (graceful shutdown). */
  async drain(): Promise<void> {
    const ranges = [...this.ranges.values()];
    this.ranges.clear();
    await Promise.all(ranges.map((r) => this.giveBack(r)));
  }

  private async takeSlowly(id: string, keyId: string, version: number, arn: string): Promise<void> {
    for (;;) {
      const r = this.range(id, keyId, version);
      if (r.left > 0) {
        r.left--;
        return;
      }
      if (r.exhaustedUntil > Date.now()) throw limitReached(arn, version, this.service.lifecycle.gcmInvocationLimit);
      r.refill ??= this.refill(r).finally(() => (r.refill = undefined));
      await r.refill;
      // Several requests may have waited on one refill that brought fewer invocations than waiters: those left over
      // go round again (a refill that found the limit reached marks the range exhausted, which refuses above).
    }
  }

  private range(id: string, keyId: string, version: number): Range {
    let r = this.ranges.get(id);
    if (r === undefined) {
      r = { keyId, version, left: 0, chunk: 1, remaining: this.service.lifecycle.gcmInvocationLimit, exhaustedUntil: 0 };
      this.ranges.set(id, r);
      if (this.ranges.size > CAPACITY) this.evictOldest();
    }
    return r;
  }

  private async refill(r: Range): Promise<void> {
    const { limit } = usageThresholds(this.service.lifecycle);
    const want = Math.max(1, Math.min(r.chunk, Math.floor(r.remaining / 64)));
    const got = await this.service.store.lifecycle.usage.reserve(r.keyId, r.version, want, limit);
    if (got === undefined) throw keyNotFound(this.service.scope, r.keyId); // deleted since the request found it
    r.left += got.after - got.before;
    r.remaining = limit - got.after;
    r.chunk = Math.min(MAX_CHUNK, r.chunk * 2);
    if (got.after === got.before) r.exhaustedUntil = Date.now() + EXHAUSTED_RECHECK_MS;
    await afterReservation(this.service, r.keyId, r.version, got.before, got.after);
  }

  private evictOldest(): void {
    const [id, r] = this.ranges.entries().next().value as [string, Range];
    this.ranges.delete(id);
    void this.giveBack(r);
  }

  private async giveBack(r: Range): Promise<void> {
    const unused = r.left;
    r.left = 0;
    if (unused > 0) await this.service.store.lifecycle.usage.release(r.keyId, r.version, unused).catch(() => undefined);
  }
}

function limitReached(arn: string, version: number, limit: number): KmsError {
  return new KmsError('KMSInvalidStateException',
    `Key version ${version} of ${arn} has reached its limit of ${limit} encryptions (AES-GCM with random IVs, NIST SP 800-38D §8.3): rotate the key to encrypt again.`);
}
