// /_keyward/rekey (Vault's sys/rekey shape): GET the attempt's status; POST {"shares": N, "threshold": M,
// "passphrase"?} to start one, {"key": <current share>, "nonce": ...} to authorise it, {"cancel": true} to drop it.
// The last share's answer carries the new shares, once. The node must be unsealed; rekey events are audited.
import type { GroupCommitAuditLog } from '../audit/group-commit.js';
import { auditSystemEvent } from '../core/lifecycle/system-audit.js';
import type { RootOfTrust } from '../core/ports.js';
import { ConfiguredRoot } from '../seal/configured-root.js';
import { Rekey, RekeyError } from '../seal/rekey.js';

export interface RouteAnswer {
  status: number;
  body: Record<string, unknown>;
}

export class RekeyRoute {
  private readonly rekey: Rekey | undefined;

  constructor(root: RootOfTrust, store: ConstructorParameters<typeof Rekey>[1], private readonly audit: GroupCommitAuditLog,
    private readonly now: () => number, private readonly isSealed: () => boolean) {
    this.rekey = root instanceof ConfiguredRoot ? new Rekey(root, store, root.pkcs11) : undefined;
  }

  status(): RouteAnswer {
    return this.rekey ? { status: 200, body: { ...this.rekey.status() } } : { status: 400, body: { error: 'a dev key file installation has no shares to rekey' } };
  }

  async post(body: unknown): Promise<RouteAnswer> {
    if (!this.rekey) return this.status();
    if (this.isSealed()) return { status: 503, body: { error: 'the node is sealed: unseal it before rekeying' } };
    const b = (body ?? {}) as { shares?: unknown; threshold?: unknown; passphrase?: unknown; key?: unknown; nonce?: unknown; cancel?: unknown };
    try {
      if (b.cancel === true) return { status: 200, body: { ...this.rekey.cancel() } };
      if (typeof b.key === 'string' && typeof b.nonce === 'string') return await this.submit(b.key, b.nonce);
      if (typeof b.shares === 'number' && typeof b.threshold === 'number' && (b.passphrase === undefined || typeof b.passphrase === 'string')) {
        const status = await this.rekey.start(b.shares, b.threshold, b.passphrase as string | undefined);
        await auditSystemEvent(this.audit, this.now(), 'RekeyStarted', { shares: b.shares, threshold: b.threshold });
        return { status: 200, body: { ...status } };
      }
      return { status: 400, body: { error: 'the body must be {"shares", "threshold"[, "passphrase"]}, {"key", "nonce"} or {"cancel": true}' } };
    } catch (err) {
      if (!(err instanceof RekeyError)) throw err;
      await auditSystemEvent(this.audit, this.now(), 'Rekey', { reason: err.message }, 'RekeyRefused');
      return { status: 400, body: { ...this.rekey.status(), error: err.message } };
    }
  }

  private async submit(key: string, nonce: string): Promise<RouteAnswer> {
    const { status, shares } = await this.rekey!.submit(key, nonce);
    if (!shares) return { status: 200, body: { ...status } };
    const threshold = shares.length > 0 ? (this.rekey!.status().required) : 0;
    await auditSystemEvent(this.audit, this.now(), 'Rekey', { shares: shares.length, threshold });
    return { status: 200, body: { ...status, complete: true, shares, threshold } };
  }
}
