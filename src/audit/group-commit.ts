// Durable audit with group commit: entries queue up during one turn of the event loop and are written in one
// transaction (one fsync); each request's promise resolves only after that commit, and rejects if it fails
// (fail closed: no response is sent without its audit record). The store numbers and chains the entries.
import type { AuditEntry } from '../core/audit-chain.js';
import type { AuditSink, Store } from '../core/ports.js';

type Pending = { entry: AuditEntry; resolve: () => void; reject: (e: unknown) => void };

export class GroupCommitAuditLog implements AuditSink {
  private queue: Pending[] = [];
  private scheduled = false;
  private writing: Promise<void> | undefined;

  constructor(private readonly store: Store, private readonly maxBatch = 1024) {}

  append(entry: AuditEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      this.schedule();
    });
  }

  /** Waits until everything appended so far is durable (used at shutdown). */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.writing) {
      if (this.writing) await this.writing;
      else await this.flush();
    }
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return; // a running write reschedules when it ends
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.queue.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    this.writing = this.write(batch);
    await this.writing;
    this.writing = undefined;
    if (this.queue.length > 0) this.schedule();
  }

  private async write(batch: Pending[]): Promise<void> {
    try {
      await this.store.appendAudit(batch.map((p) => p.entry));
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    for (const p of batch) p.resolve();
  }
}
