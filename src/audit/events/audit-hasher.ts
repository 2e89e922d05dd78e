// The installation's audit HMAC: sensitive values in audit events are recorded as `hmac-sha256:<hex>` of the value
// under a per-installation key (a barrier-sealed service secret), so the log never holds them yet a record can still
// be found by value (`keyward audit hash VALUE`). Vault's audit devices do the same.
// https://developer.hashicorp.com/vault/docs/audit#sensitive-information
import { createHmac, type KeyObject } from 'node:crypto';

export const HMAC_PREFIX = 'hmac-sha256:';

export class AuditHasher {
  constructor(private readonly key: KeyObject) {}

  hash(value: string): string {
    return HMAC_PREFIX + createHmac('sha256', this.key).update(value, 'utf8').digest('hex');
  }
}
