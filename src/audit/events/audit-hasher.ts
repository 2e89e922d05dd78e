// The installation's audit HMAC: sensitive values in audit events are recorded as `hmac-sha256:<hex>` of the value
// under a per-installation key (a barrier-sealed service secret), so the log never holds them yet a record can still
// be found by value (`keyward audit hash VALUE`). Vault's audit devices do the same.
// https://developer.hashicorp.com/vault/docs/audit#sensitive-information
import { createHmac, type KeyObject } from 'node:crypto';

export const HMAC_PREFIX = 'hmac-sha256:';

/** Recent short values and their HMACs: encryption-context values (tenant, purpose) repeat on most requests. */
const CACHE_ENTRIES = 4096;
const CACHE_MAX_VALUE = 256;

export class AuditHasher {
  private readonly recent = new Map<string, string>();

  constructor(private readonly key: KeyObject) {}

  hash(value: string): string {
    const hit = this.recent.get(value);
    if (hit !== undefined) return hit;
    const hashed = HMAC_PREFIX + createHmac('sha256', this.key).update(value, 'utf8').digest('hex');
    if (value.length <= CACHE_MAX_VALUE) {
      if (this.recent.size >= CACHE_ENTRIES) this.recent.clear();
      this.recent.set(value, hashed);
    }
    return hashed;
  }
}
