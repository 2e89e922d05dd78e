// The dev-mode test clock: real time plus an offset that POST /_keyward/clock moves forward; every lifecycle
// job that falls due runs before the answer.
import { KmsError } from '../protocol/errors.js';
import type { Clock } from '../core/ports.js';

export class TestClock implements Clock {
  private offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
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
