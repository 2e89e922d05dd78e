// One export sink's queue: lines are handed to its transport in order, one delivery at a time; a line is accepted
// when the transport says so (file written, datagram sent, stream flushed to the kernel). The queue knows the sink's
// health: failing from the moment a line waits longer than the acceptance deadline or a delivery fails, healthy
// again once everything queued is accepted. Failed deliveries are retried with backoff (nothing is skipped).

/** Where exported lines go: a file, syslog, stdout. */
export interface SinkTransport {
  /** `file:/var/log/keyward/audit.jsonl`, `syslog:tcp://host:514`, `stdout`. */
  readonly name: string;
  /** Resolves when the lines are accepted; rejects when they could not be (they are retried). */
  deliver(lines: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export interface SinkHealth {
  name: string;
  required: boolean;
  healthy: boolean;
  /** Epoch ms since when the sink is failing. */
  failingSince?: number | undefined;
  lastError?: string | undefined;
  queued: number;
  accepted: number;
  dropped: number;
}

interface Pending {
  lines: readonly string[];
  since: number;
  done: { resolve(): void; reject(err: unknown): void };
}

/** Best-effort sinks keep at most this many lines waiting; required ones refuse requests long before. */
const MAX_QUEUED_LINES = 100_000;
const RETRY_MS = [50, 100, 250, 500, 1000, 2000, 5000];
/** Lines per delivery at most (a file write, a syslog burst). */
const MAX_BATCH_LINES = 1000;

export class SinkQueue {
  private readonly pending: Pending[] = [];
  private queuedLines = 0;
  private delivering = false;
  private failures = 0;
  private failingSinceMs: number | undefined;
  private lastError: string | undefined;
  private accepted = 0;
  private dropped = 0;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Entries at the head of `pending` in the delivery under way (never dropped). */
  private inFlight = 0;

  constructor(readonly transport: SinkTransport, readonly required: boolean, private readonly deadlineMs: number) {}

  get name(): string {
    return this.transport.name;
  }

  /** Queues lines; the promise settles when they are accepted (never rejects: a failing sink simply waits). */
  enqueue(lines: readonly string[]): Promise<void> {
    while (this.queuedLines + lines.length > MAX_QUEUED_LINES && this.pending.length > Math.max(1, this.inFlight)) {
      const old = this.pending.splice(Math.max(1, this.inFlight), 1)[0]!; // never one being delivered
      this.queuedLines -= old.lines.length;
      this.dropped += old.lines.length;
      old.done.reject(new Error(`audit sink ${this.name}: queue full, lines dropped`));
    }
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ lines, since: Date.now(), done: { resolve, reject } });
      this.queuedLines += lines.length;
      this.pump();
    });
  }

  /** Failing: a delivery failed and was not yet retried successfully, or the oldest line waits past the deadline. */
  failingSince(now = Date.now()): number | undefined {
    if (this.failingSinceMs !== undefined) return this.failingSinceMs;
    const oldest = this.pending[0];
    return oldest && now - oldest.since > this.deadlineMs ? oldest.since + this.deadlineMs : undefined;
  }

  /** A request gave up waiting for this sink: failing now if anything is still queued (timers and clocks may differ). */
  missedDeadline(now = Date.now()): boolean {
    if (this.pending.length === 0) return false;
    this.failingSinceMs ??= now;
    return true;
  }

  health(now = Date.now()): SinkHealth {
    const failingSince = this.failingSince(now);
    return {
      name: this.name, required: this.required, healthy: failingSince === undefined, failingSince,
      lastError: this.lastError, queued: this.queuedLines, accepted: this.accepted, dropped: this.dropped,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    for (const p of this.pending.splice(0)) p.done.reject(new Error(`audit sink ${this.name} closed`));
    await this.transport.close();
  }

  private pump(): void {
    if (this.delivering || this.closed || this.pending.length === 0 || this.retryTimer) return;
    this.delivering = true;
    // Everything queued goes in one delivery (up to MAX_BATCH_LINES): one write or send per pump, not one per
    // group-commit batch, so a sink keeps up with the commit rate instead of adding a round trip per batch.
    const batch: Pending[] = [];
    let count = 0;
    for (const p of this.pending) {
      if (batch.length > 0 && count + p.lines.length > MAX_BATCH_LINES) break;
      batch.push(p);
      count += p.lines.length;
    }
    this.inFlight = batch.length;
    const lines = batch.length === 1 ? batch[0]!.lines : batch.flatMap((p) => p.lines);
    this.transport.deliver(lines).then(
      () => {
        this.pending.splice(0, batch.length);
        this.inFlight = 0;
        this.queuedLines -= count;
        this.accepted += count;
        this.failures = 0;
        this.failingSinceMs = undefined; // still failing while an older line waits past the deadline (failingSince)
        this.delivering = false;
        for (const p of batch) p.done.resolve();
        this.pump();
      },
      (err: unknown) => {
        this.inFlight = 0;
        this.delivering = false;
        this.lastError = err instanceof Error ? err.message : String(err);
        this.failingSinceMs ??= Date.now();
        const wait = RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)]!;
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.pump();
        }, wait);
        this.retryTimer.unref();
      },
    );
  }
}
