// Durable audit with group commit: entries gathered during one turn of the event loop form one batch, written in
// one transaction (one fsync). Every request in the batch shares the batch's promise, which resolves only after
// that commit and rejects if it fails (fail closed: no response is sent without its audit record). One batch is
// written at a time; entries arriving meanwhile form the next. The store numbers and chains the entries.
import type { AuditEntry, AuditLink } from './audit-chain.js';
import type { AuditSink, Store } from '../core/ports.js';

/** What happens once a batch is durable: exports (the batch's requests wait for it) and timing (metrics). */
export interface CommitHooks {
  /** The batch's requests are answered when this settles; a rejection fails them (a required export sink). */
  committed?: (entries: readonly AuditEntry[], links: readonly AuditLink[]) => Promise<void>;
  /** Seconds the durable append took, and the batch size. */
  timed?: (seconds: number, entries: number) => void;
}

interface Batch {
  entries: AuditEntry[];
  promise: Promise<void>;
  settle: (err?: unknown) => void;
}

function newBatch(): Batch {
  let settle!: (err?: unknown) => void;
  const promise = new Promise<void>((resolve, reject) => {
    settle = (err) => (err === undefined ? resolve() : reject(err));
  });
  promise.catch(() => {}); // each waiter handles the rejection; the batch itself must not be an unhandled one
  return { entries: [], promise, settle };
}

export class GroupCommitAuditLog implements AuditSink {
  private open: Batch | undefined;
  private scheduled = false;
  private writing: Promise<void> | undefined;

  constructor(private readonly store: Pick<Store, 'appendAudit'>, private readonly hooks: CommitHooks = {}) {}

  append(entry: AuditEntry): Promise<void> {
    const batch = (this.open ??= newBatch());
    batch.entries.push(entry);
    this.schedule();
    return batch.promise;
  }

  /** Waits until everything appended so far is durable (used at shutdown). */
  async drain(): Promise<void> {
    while (this.open || this.writing) {
      if (this.writing) await this.writing.catch(() => {});
      else await this.flush();
    }
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return; // a running write schedules the next batch when it ends
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.open;
    if (!batch) return;
    this.open = undefined;
    this.writing = this.write(batch);
    await this.writing;
    this.writing = undefined;
    if (this.open) this.schedule();
  }

  private async write(batch: Batch): Promise<void> {
    const { committed, timed } = this.hooks;
    try {
      const start = timed ? performance.now() : 0;
      const links = await this.store.appendAudit(batch.entries);
      timed?.((performance.now() - start) / 1000, batch.entries.length);
      // The next batch is written meanwhile: a slow export holds only this batch's requests (at most its deadline).
      if (committed) committed(batch.entries, links).then(() => batch.settle(), (err: unknown) => batch.settle(err));
      else batch.settle();
    } catch (err) {
      batch.settle(err);
    }
  }
}
