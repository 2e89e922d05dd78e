// Exports committed audit records as CloudTrail events to the configured sinks (file, syslog, stdout), fail closed on
// required sinks: a batch's requests are answered only once every required sink accepted its lines, and wait at most
// the deadline (1 s) before they fail with a retryable error; while a required sink is failing, requests are refused
// before they run. Best-effort sinks never hold a request. The database log stays the record of truth: a line a sink
// never accepted is still there (`keyward audit query`, LookupEvents).
import type { AuditEntry, AuditLink } from '../audit-chain.js';
import { cloudTrailEvent, type Scope } from '../events/cloudtrail-event.js';
import { SinkQueue, type SinkHealth, type SinkTransport } from './sink-queue.js';

export const ACCEPT_DEADLINE_MS = 1000;

/** A required sink did not accept, or is not accepting, records: the request fails (retryable), never hangs. */
export class AuditSinkUnavailableError extends Error {
  constructor(message: string, readonly performed: boolean) {
    super(message);
    this.name = 'AuditSinkUnavailableError';
  }
}

export interface SinkSpec {
  transport: SinkTransport;
  required: boolean;
}

export class AuditExporter {
  private readonly sinks: SinkQueue[];

  constructor(specs: readonly SinkSpec[], private readonly scope: Scope, private readonly deadlineMs = ACCEPT_DEADLINE_MS) {
    this.sinks = specs.map((s) => new SinkQueue(s.transport, s.required, deadlineMs));
  }

  get empty(): boolean {
    return this.sinks.length === 0;
  }

  /** Why a request must not run now (a required sink is failing), or undefined. */
  refusal(now = Date.now()): AuditSinkUnavailableError | undefined {
    for (const s of this.sinks) {
      const since = s.required ? s.failingSince(now) : undefined;
      if (since !== undefined) {
        return new AuditSinkUnavailableError(
          `The audit sink ${s.name} is not accepting records (since ${new Date(since).toISOString()}); the request was not performed. Retry later.`,
          false,
        );
      }
    }
    return undefined;
  }

  /** Hands a committed batch to every sink; resolves when the required ones accepted it, rejects after the deadline. */
  publish(entries: readonly AuditEntry[], links: readonly AuditLink[]): Promise<void> {
    if (this.sinks.length === 0) return Promise.resolve();
    const lines = entries.map((e, i) => JSON.stringify(cloudTrailEvent(Object.assign({}, e, links[i]!), this.scope)));
    const waits: Promise<void>[] = [];
    for (const s of this.sinks) {
      const accepted = s.enqueue(lines);
      if (s.required) waits.push(accepted);
      else accepted.catch(() => undefined);
    }
    if (waits.length === 0) return Promise.resolve();
    const failing = this.refusal();
    if (failing) return Promise.reject(failing);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        const late = this.sinks.filter((s) => s.required && s.missedDeadline()).map((s) => s.name).join(', ') || 'a required sink';
        reject(new AuditSinkUnavailableError(
          `The audit sink ${late} did not accept the audit record within ${this.deadlineMs} ms; the answer was withheld (fail closed). Retry later.`,
          true,
        ));
      }, this.deadlineMs);
      Promise.all(waits).then(() => {
        clearTimeout(timer);
        resolve();
      }, (err: unknown) => {
        clearTimeout(timer);
        reject(new AuditSinkUnavailableError(`An audit sink lost the record: ${String(err)}. Retry later.`, true));
      });
    });
  }

  health(now = Date.now()): SinkHealth[] {
    return this.sinks.map((s) => s.health(now));
  }

  async close(): Promise<void> {
    await Promise.all(this.sinks.map((s) => s.close()));
  }
}
