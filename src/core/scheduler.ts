// The lifecycle scheduler: performs the work that falls due — scheduled deletions, automatic rotations, expired
// imported material, signed audit checkpoints — on the service clock (real time, or the dev test clock), at start-up
// for work that fell due while down, and every few seconds after. Each job is a conditional write, so a job raced by
// a user request does nothing.
import { randomUUID } from 'node:crypto';
import { keyArn } from './arn.js';
import { writeCheckpoint } from './audit-checkpoint.js';
import { expireImportedMaterial } from './import-material.js';
import { IMPORT_TOKEN_FORGET_MS } from './import-token.js';
import { addVersion } from './key-mutation.js';
import type { KeyRecord } from './model.js';
import { DAY_MS } from './rotation.js';
import type { KmsService } from './service.js';

export const SYSTEM_PRINCIPAL = 'keyward:system';
const BATCH = 100;

export interface SchedulerOptions {
  intervalMs?: number;
  /** Whether this node may run the jobs now (a cluster-wide lease); default: always. */
  mayRun?: () => Promise<boolean>;
  onError?: (err: unknown) => void;
}

export class LifecycleScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly service: KmsService, private readonly opts: SchedulerOptions = {}) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.opts.intervalMs ?? 5_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Runs every job due now, until none is left; returns how many were performed. One run at a time. */
  async runDue(): Promise<number> {
    while (this.running) await this.running;
    this.running = this.drain();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async tick(): Promise<void> {
    try {
      if (this.opts.mayRun && !(await this.opts.mayRun())) return;
      await this.runDue();
    } catch (err) {
      this.opts.onError?.(err);
    }
  }

  private async drain(): Promise<number> {
    let done = 0;
    for (;;) {
      const due = await this.service.store.dueKeys(this.service.now(), BATCH);
      let progressed = 0;
      for (const key of due) progressed += (await this.perform(key)) ? 1 : 0;
      done += progressed;
      if (due.length < BATCH || progressed === 0) break;
    }
    done += await this.drainImports();
    await this.checkpoint(); // last, so it covers the system audit records just written
    return done;
  }

  /**
   * Signs the audit head when a checkpoint is due (core/audit-checkpoint.ts). Not counted as a job, and its failure
   * neither stops the lifecycle jobs nor fails the run: it is reported and retried on the next tick.
   */
  private async checkpoint(): Promise<void> {
    try {
      await writeCheckpoint(this.service);
    } catch (err) {
      this.opts.onError?.(new Error(`audit checkpoint failed: ${(err as Error).message}`));
    }
  }

  /** Imported material past its ValidTo is deleted (the key returns to PendingImport); expired import tokens shredded. */
  private async drainImports(): Promise<number> {
    let done = 0;
    for (;;) {
      const due = await this.service.store.dueMaterialExpiries(this.service.now(), BATCH);
      let progressed = 0;
      for (const m of due) {
        const expired = await expireImportedMaterial(this.service, m);
        if (!expired) continue;
        progressed++;
        await this.audit('DeleteImportedKeyMaterial', expired.record, {
          reason: 'KeyMaterialExpired', keyMaterialId: expired.materialId, validTo: m.validTo, version: m.version,
        });
      }
      done += progressed;
      if (due.length < BATCH || progressed === 0) break;
    }
    const now = this.service.now();
    await this.service.store.purgeImportTokens(now, now - IMPORT_TOKEN_FORGET_MS);
    return done;
  }

  private async perform(key: KeyRecord): Promise<boolean> {
    const now = this.service.now();
    if (key.state === 'PendingDeletion' && key.deletionDate !== undefined && key.deletionDate <= now) return this.destroy(key);
    if (key.state === 'Enabled' && key.nextRotationAt !== undefined && key.nextRotationAt <= now) return this.rotate(key);
    return false;
  }

  /** Scheduled deletion: material shredded, aliases and tags gone, key gone; audited as a system action. */
  private async destroy(key: KeyRecord): Promise<boolean> {
    if (!(await this.service.store.deleteKey(key.keyId, key.revision))) return false;
    this.service.keys.invalidate(key.keyId);
    await this.audit('DeleteKey', key, { reason: 'ScheduledDeletion', deletionDate: key.deletionDate, versions: key.currentVersion });
    return true;
  }

  /** Automatic rotation: a new current version; the next one a period after the one that fell due. */
  private async rotate(key: KeyRecord): Promise<boolean> {
    const rotated = await addVersion(this.service, key.keyId, undefined, 'AUTOMATIC', (k) => {
      const now = this.service.now();
      if (k.state !== 'Enabled' || k.nextRotationAt === undefined || k.nextRotationAt > now || k.rotationPeriodDays === undefined) return undefined;
      return { nextRotationAt: k.nextRotationAt + k.rotationPeriodDays * DAY_MS };
    });
    if (!rotated) return false;
    await this.audit('RotateKey', rotated.record, { rotationType: 'AUTOMATIC', version: rotated.version.version });
    return true;
  }

  private async audit(operation: string, key: KeyRecord, details: Record<string, unknown>): Promise<void> {
    await this.service.deps.audit.append({
      time: this.service.now(), requestId: randomUUID(), principal: SYSTEM_PRINCIPAL, sourceAddress: 'keyward',
      operation, keyArn: keyArn(this.service.scope, key.keyId), keyVersion: key.currentVersion, outcome: 'success',
      details: JSON.stringify(details),
    });
  }
}
