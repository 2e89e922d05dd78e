// Writes audit batches to SQLite. With a core to spare, a worker thread on its own connection does it, so the
// commit's fsync never blocks request handling; each batch resolves once its transaction is durable, and every
// pending batch fails if the worker dies (the next batch starts a new worker). On a single available core a
// thread only adds context switches, so the batch is committed on the caller's connection instead.
import type Database from 'better-sqlite3';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AuditEntry } from '../../core/audit-chain.js';
import { prepareAuditAppend } from './audit-append.js';

type Waiter = { resolve: () => void; reject: (e: Error) => void };

export class SqliteAuditWriter {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, Waiter>();
  private nextId = 1;

  private readonly inline: ((entries: AuditEntry[]) => void) | undefined;

  constructor(private readonly path: string, db: Database.Database, threaded = availableParallelism() > 1) {
    this.inline = threaded ? undefined : prepareAuditAppend(db);
  }

  append(entries: AuditEntry[]): Promise<void> {
    if (this.inline) {
      try {
        this.inline(entries);
        return Promise.resolve();
      } catch (err) {
        return Promise.reject(err);
      }
    }
    const worker = this.worker ?? this.spawn();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) worker.ref(); // keep the process alive while a batch is on its way to disk
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, batch: JSON.stringify(entries) }); // a string crosses threads as one copy
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    worker.ref();
    await new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.postMessage('close');
    });
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./audit-worker.js', import.meta.url), { workerData: { path: this.path } });
    worker.on('message', (m: { id: number; ok: boolean; error?: string }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) worker.unref();
      if (m.ok) w?.resolve();
      else w?.reject(new Error(`audit write failed: ${m.error}`));
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => code !== 0 && fail(new Error(`audit worker exited with ${code}`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
