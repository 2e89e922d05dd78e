// A node's seal state machine: sealed (every KMS call refused with a retryable error naming the state, unseal keys
// accepted at POST /_keyward/unseal) → unsealed (the ActiveNode serves) → sealed again (KeywardService.Seal). It
// answers the HTTP adapter's requests for whichever state is current, and audits root and seal events as system events.
import type { GroupCommitAuditLog } from '../audit/group-commit.js';
import { auditSystemEvent } from '../core/lifecycle/system-audit.js';
import type { NodeControl, RootOfTrust, SealStatus } from '../core/ports.js';
import { KmsError } from '../protocol/errors.js';
import { UnsealRejectedError } from '../seal/unseal-errors.js';
import type { ActiveNode, NodeDeps } from './active-node.js';
import { unauditedError, type AwsRequest, type AwsResponse } from './dispatcher.js';
import type { Logger } from './log.js';

/** What a sealed node answers every KMS call (docs/compatibility.md "Sealed"): retryable, and says what to do. */
export function sealedError(): KmsError {
  return new KmsError('KMSInternalException',
    'Keyward is sealed: it cannot serve requests until operators unseal it (keyward operator unseal). Retry later.');
}

export interface UnsealAnswer {
  status: number;
  body: Record<string, unknown>;
}

export class SealGate implements NodeControl {
  private active: ActiveNode | undefined;
  private transition: Promise<unknown> = Promise.resolve();

  constructor(
    readonly id: string,
    private readonly root: RootOfTrust,
    private readonly audit: GroupCommitAuditLog,
    private readonly now: () => number,
    private readonly log: Logger,
    private readonly start: (node: NodeControl) => Promise<ActiveNode>,
  ) {}

  get sealed(): boolean {
    return this.active === undefined;
  }

  get node(): ActiveNode | undefined {
    return this.active;
  }

  status(): SealStatus {
    return { ...this.root.status(), sealed: this.sealed };
  }

  /** At start: roots that need no operator (dev key file, PKCS#11) unseal the node now. */
  async autoUnseal(): Promise<boolean> {
    if (!(await this.root.autoUnseal())) return false;
    await this.activate(this.root.kind === 'key-file' ? 'key-file' : 'pkcs11');
    return true;
  }

  async handle(req: AwsRequest): Promise<AwsResponse> {
    if (this.active) return this.active.dispatcher.handle(req);
    return unauditedError(req, sealedError(), 503);
  }

  async refuse(meta: Parameters<ActiveNode['dispatcher']['refuse']>[0], err: KmsError): Promise<AwsResponse> {
    if (this.active) return this.active.dispatcher.refuse(meta, err);
    return unauditedError(meta, err);
  }

  /** POST /_keyward/unseal: `{"key": ..., "nonce"?: ...}` or `{"reset": true}`. */
  async unseal(body: unknown): Promise<UnsealAnswer> {
    const b = (body ?? {}) as { key?: unknown; nonce?: unknown; reset?: unknown };
    if (b.reset === true) return { status: 200, body: this.answer(this.sealed ? this.root.reset() : this.status()) };
    if (typeof b.key !== 'string' || b.key.length === 0 || b.key.length > 1024 || (b.nonce !== undefined && typeof b.nonce !== 'string')) {
      return { status: 400, body: { ...this.answer(this.status()), error: 'the body must be {"key": "<share or passphrase>"} (optionally "nonce"), or {"reset": true}' } };
    }
    if (!this.sealed) return { status: 200, body: this.answer(this.status()) };
    try {
      const status = await this.root.submit(b.key, b.nonce as string | undefined);
      if (!status.sealed) await this.activate('operator');
      return { status: 200, body: this.answer(this.status()) };
    } catch (err) {
      if (!(err instanceof UnsealRejectedError)) throw err;
      await auditSystemEvent(this.audit, this.now(), 'Unseal', { node: this.id, reason: err.message }, 'UnsealKeyRejected');
      return { status: 400, body: { ...this.answer(err.status), error: err.message } };
    }
  }

  sealAfterResponse(): void {
    setImmediate(() => void this.seal('operator').catch((err) => this.log.error('sealing failed', { error: String(err) })));
  }

  runJobsSoon(): void {
    const node = this.active;
    if (node) setImmediate(() => void node.scheduler.runDue().catch((err) => this.log.error('lifecycle job failed', { error: String(err) })));
  }

  /** Stops serving and forgets every key; the node stays up, sealed. */
  async seal(by: string): Promise<void> {
    await this.serialised(async () => {
      const node = this.active;
      if (!node) return;
      this.active = undefined; // new requests get the sealed answer from here on
      await node.stop(this.audit);
      this.root.seal();
      await auditSystemEvent(this.audit, this.now(), 'Seal', { node: this.id, by });
      this.log.info('sealed', { node: this.id });
    });
  }

  /** Stops the active node (shutdown); the root keeps its state. */
  async close(): Promise<void> {
    await this.serialised(async () => {
      const node = this.active;
      this.active = undefined;
      await node?.stop(this.audit);
    });
  }

  private async activate(method: string): Promise<void> {
    await this.serialised(async () => {
      if (this.active) return;
      try {
        this.active = await this.start(this);
      } catch (err) {
        if (this.root.kind !== 'key-file') this.root.seal(); // a root key that opens no barrier key: stay sealed, whole
        throw err;
      }
      await auditSystemEvent(this.audit, this.now(), 'Unseal', { node: this.id, method });
      this.log.info('unsealed', { node: this.id, method });
    });
  }

  private serialised<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.transition.then(fn);
    this.transition = run.catch(() => undefined);
    return run;
  }

  private answer(s: SealStatus): Record<string, unknown> {
    return { sealed: s.sealed, progress: s.progress, threshold: s.threshold, shares: s.shares, nonce: s.nonce, roots: s.roots };
  }
}

