// Raised alerts: a finding whose type, key, principal (and distinct value) match an OPEN alert seen within the coalescing
// window counts into it (count++); otherwise it raises a new alert. Nothing here waits on I/O on the request path: new
// alerts, counts and learned facts queue in memory and flush() writes them — the alert row first, then its audit
// system event (whose lifecycle event reaches the webhook outbox through the audit follower), then the counts.
import { randomUUID } from 'node:crypto';
import { ALERT_AUDIT_OPERATION, ALERT_TYPES, type AlertRecord, type AlertStore, type AlertType } from '../core/anomaly/alert-model.js';
import { auditSystemNotice } from '../core/lifecycle/system-audit.js';
import type { AuditSink } from '../core/ports.js';
import type { Finding } from './detectors.js';
import type { LearnedFacts } from './learned-facts.js';

/** Unwritten new alerts kept at most (a store down for long): beyond, new alerts are counted as dropped. */
const MAX_QUEUED = 10_000;

interface OpenAlert {
  alertId: string;
  lastSeen: number;
  /** Occurrences counted in memory and not yet written. */
  unwritten: number;
}

export interface AlertBookDeps {
  store: AlertStore;
  audit: AuditSink;
  facts: LearnedFacts;
  coalesceMs: number;
  /** A new alert was raised (the metric). */
  raised(type: AlertType): void;
  /** A write failed (it is retried on the next flush). */
  failed(what: string, err: unknown): void;
}

export class AlertBook {
  private readonly open = new Map<string, OpenAlert>();
  private inserts: AlertRecord[] = [];
  private audits: AlertRecord[] = [];
  private readonly counted = new Set<string>();
  private flushing: Promise<void> = Promise.resolve();
  dropped = 0;

  constructor(private readonly d: AlertBookDeps) {}

  /** Counts a finding into its open alert, or raises a new one. */
  note(f: Finding, time: number): void {
    const id = `${f.type}\n${f.keyArn ?? ''}\n${f.principal ?? ''}\n${f.distinct ?? ''}`;
    const o = this.open.get(id);
    if (o !== undefined && time - o.lastSeen <= this.d.coalesceMs) {
      o.lastSeen = Math.max(o.lastSeen, time);
      o.unwritten++;
      this.counted.add(id);
      return;
    }
    if (this.inserts.length >= MAX_QUEUED) {
      this.dropped++;
      return;
    }
    const alert: AlertRecord = {
      alertId: randomUUID(), type: f.type, severity: ALERT_TYPES[f.type].severity, keyArn: f.keyArn, principal: f.principal,
      source: f.source, firstSeen: time, lastSeen: time, count: 1, details: JSON.stringify(f.details), state: 'OPEN',
    };
    this.open.set(id, { alertId: alert.alertId, lastSeen: time, unwritten: 0 });
    this.inserts.push(alert);
    this.d.raised(f.type);
  }

  /** Later occurrences of an acknowledged alert raise a new one. */
  acknowledged(alertId: string): void {
    for (const [id, o] of this.open) if (o.alertId === alertId) this.open.delete(id);
  }

  /** Writes everything queued so far; flushes run one after another, so a caller's flush covers what it saw. */
  flush(): Promise<void> {
    const run = this.flushing.then(() => this.write());
    this.flushing = run.catch(() => undefined);
    return run;
  }

  /** Forgets open alerts whose window has passed (they cannot coalesce any more). */
  sweep(time: number): void {
    for (const [id, o] of this.open) if (o.unwritten === 0 && time - o.lastSeen > this.d.coalesceMs) this.open.delete(id);
  }

  private async write(): Promise<void> {
    const facts = this.d.facts.takeUnsaved();
    if (facts.length > 0) {
      await this.d.store.addBaselines(facts).catch((err) => {
        this.d.facts.requeue(facts);
        this.d.failed('learned facts', err);
      });
    }
    for (let a = this.inserts.shift(); a !== undefined; a = this.inserts.shift()) {
      try {
        await this.d.store.insert(a);
      } catch (err) {
        this.inserts.unshift(a);
        this.d.failed('alert', err);
        return;
      }
      this.audits.push(a);
    }
    await this.writeAudits();
    await this.writeCounts();
  }

  private async writeAudits(): Promise<void> {
    for (let a = this.audits.shift(); a !== undefined; a = this.audits.shift()) {
      try {
        await auditSystemNotice(this.d.audit, a.firstSeen, ALERT_AUDIT_OPERATION, a.keyArn, {
          alertId: a.alertId, alertType: a.type, severity: a.severity, principal: a.principal ?? null, source: a.source ?? null,
          details: JSON.parse(a.details) as unknown,
        });
      } catch (err) {
        this.audits.unshift(a);
        this.d.failed('alert audit record', err);
        return;
      }
    }
  }

  private async writeCounts(): Promise<void> {
    for (const id of [...this.counted]) {
      const o = this.open.get(id);
      this.counted.delete(id);
      if (o === undefined || o.unwritten === 0) continue;
      const n = o.unwritten;
      o.unwritten = 0;
      try {
        // false: acknowledged meanwhile (maybe on another node): the next occurrence raises a new alert.
        if (!(await this.d.store.coalesce(o.alertId, n, o.lastSeen))) this.open.delete(id);
      } catch (err) {
        o.unwritten += n;
        this.counted.add(id);
        this.d.failed('alert count', err);
        return;
      }
    }
  }
}
