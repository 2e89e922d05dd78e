// The lifecycle scheduler: runs the jobs that fall due — a table of ScheduledJob given at start-up (scheduled
// deletions and rotations, expired imported material, signed audit checkpoints, ...) — on the service clock (real
// time, or the dev test clock), at start-up for work that fell due while down, and every few seconds after. Each job
// is a set of conditional writes, so a job raced by a user request (or by another node) does nothing.
import type { KmsService } from '../service.js';

/** One kind of lifecycle work. Jobs run in table order, so a later job sees what an earlier one wrote. */
export interface ScheduledJob {
  readonly name: string;
  /** Performs everything due at the service clock's now; returns how many items of work it performed. */
  run(service: KmsService): Promise<number>;
  /**
   * A best-effort job's failure is reported (onError) and retried on the next tick; it neither stops the other jobs
   * nor fails the run. Its work is not counted as lifecycle jobs.
   */
  readonly bestEffort?: boolean;
}

export interface SchedulerOptions {
  intervalMs?: number;
  /** Whether this node may run the jobs now (a cluster-wide lease); default: always. */
  mayRun?: () => Promise<boolean>;
  onError?: (err: unknown) => void;
  /** Told after each job ran: how much it performed, or its error (metrics). */
  onJob?: (job: string, performed: number, error?: unknown) => void;
}

export class LifecycleScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly service: KmsService,
    private readonly jobs: readonly ScheduledJob[],
    private readonly opts: SchedulerOptions = {},
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.opts.intervalMs ?? 5_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Stops, and waits for a run in progress to finish (before the node seals: no job runs without keys). */
  async halt(): Promise<void> {
    this.stop();
    while (this.running) await this.running.catch(() => undefined);
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
    for (const job of this.jobs) {
      let performed: number;
      try {
        performed = await job.run(this.service);
      } catch (err) {
        this.opts.onJob?.(job.name, 0, err);
        if (!job.bestEffort) throw err;
        this.opts.onError?.(new Error(`${job.name} failed: ${(err as Error).message}`));
        continue;
      }
      this.opts.onJob?.(job.name, performed);
      if (!job.bestEffort) done += performed;
    }
    return done;
  }
}

/** Runs `perform` over batches of due items until a batch is short or makes no progress; returns items performed. */
export async function drainBatches<T>(
  due: (limit: number) => Promise<T[]>, perform: (item: T) => Promise<boolean>, batch = 100,
): Promise<number> {
  let done = 0;
  for (;;) {
    const items = await due(batch);
    let progressed = 0;
    for (const item of items) progressed += (await perform(item)) ? 1 : 0;
    done += progressed;
    if (items.length < batch || progressed === 0) return done;
  }
}
