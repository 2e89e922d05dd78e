// The dev-mode test clock shared by every node and worker: real time plus an offset kept in the store (meta row
// test_clock_offset_ms). POST /_keyward/clock on any node adds to it atomically; every node re-reads it every
// 100 ms, so all nodes agree within that. The offset only moves forward and survives restarts of the data directory.
import type { Clock, Store } from '../core/ports.js';
import { KmsError } from '../protocol/errors.js';

export const TEST_CLOCK_META = 'test_clock_offset_ms';

export class SharedTestClock implements Clock {
  private offsetMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  private constructor(private readonly store: Store) {}

  /** Reads the stored offset, then keeps it fresh every `refreshMs`. */
  static async open(store: Store, refreshMs = 100): Promise<SharedTestClock> {
    const clock = new SharedTestClock(store);
    await clock.refresh();
    clock.timer = setInterval(() => void clock.refresh().catch(() => undefined), refreshMs);
    clock.timer.unref();
    return clock;
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Moves the clock of every node forward; this node sees the new time at once. */
  async advance(seconds: number): Promise<void> {
    this.seen(await this.store.addMetaInteger(TEST_CLOCK_META, seconds * 1000));
  }

  async refresh(): Promise<void> {
    if (this.stopped) return;
    const stored = await this.store.getMeta(TEST_CLOCK_META);
    if (stored !== undefined) this.seen(Number(stored));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  /** Never backwards: a refresh that read the row before a concurrent advance committed does not undo it. */
  private seen(offsetMs: number): void {
    if (Number.isFinite(offsetMs) && offsetMs > this.offsetMs) this.offsetMs = offsetMs;
  }
}

/** Parses `{"advanceSeconds": N}` (N a non-negative integer, at most ten years). */
export function parseAdvance(body: unknown): number {
  const n = (body as { advanceSeconds?: unknown } | null)?.advanceSeconds;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 10 * 366 * 86400) {
    throw new KmsError('ValidationException', 'advanceSeconds must be an integer between 0 and 316224000.');
  }
  return n;
}
