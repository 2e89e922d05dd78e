// Rate limits per principal and per key: token buckets refilled continuously at each quota's rate, holding at most one
// second of requests (bursts up to the rate). AWS's quotas (core/access/quotas.ts) are the defaults; configuration can
// override them per principal ARN and per key id, by quota name or for every quota ('*'). Each node keeps its own
// buckets, so N nodes admit up to N times a limit in total (docs/policy.md "Rate limits"). Real time, never the test clock.
// https://docs.aws.amazon.com/kms/latest/developerguide/throttling.html
import { quotaOf } from '../core/access/quotas.js';
import type { KeyRecord } from '../core/model.js';
import type { Principal, RateLimiter } from '../core/service.js';
import { KmsError } from '../protocol/errors.js';

export const THROTTLING_MESSAGE = 'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.';
const MAX_BUCKETS = 100_000;

/** Overrides: requests per second by quota name, or '*' for every quota of that principal or key. */
export type Overrides = Readonly<Record<string, number>>;

export interface RateLimitConfig {
  /** Apply AWS's default quotas where no override says otherwise. */
  awsDefaults: boolean;
  principals?: Readonly<Record<string, Overrides>>;
  keys?: Readonly<Record<string, Overrides>>;
}

interface Bucket { tokens: number; at: number }

export class TokenBucketLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly config: RateLimitConfig, private readonly region: string, private readonly now: () => number = Date.now) {}

  take(principal: Principal, operation: string, key?: KeyRecord, pairSpec?: string): void {
    const quota = quotaOf(operation, this.region, key?.keySpec, pairSpec);
    const byPrincipal = this.rate(this.config.principals?.[principal.arn], quota);
    if (byPrincipal !== undefined) this.spend(`p\u0000${principal.arn}\u0000${quota.name}`, byPrincipal);
    if (key) {
      const byKey = this.rate(this.config.keys?.[key.keyId], quota);
      if (byKey !== undefined) this.spend(`k\u0000${key.keyId}\u0000${quota.name}`, byKey);
    }
  }

  private rate(overrides: Overrides | undefined, quota: { name: string; rate: number }): number | undefined {
    return overrides?.[quota.name] ?? overrides?.['*'] ?? (this.config.awsDefaults ? quota.rate : undefined);
  }

  private spend(id: string, rate: number): void {
    const now = this.now();
    let b = this.buckets.get(id);
    if (!b) {
      if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear(); // forgetting buckets only ever admits more
      b = { tokens: rate, at: now };
      this.buckets.set(id, b);
    } else {
      b.tokens = Math.min(rate, b.tokens + ((now - b.at) / 1000) * rate);
      b.at = now;
    }
    if (b.tokens < 1) throw new KmsError('ThrottlingException', THROTTLING_MESSAGE);
    b.tokens -= 1;
  }
}
