// The facts the "never seen before" detectors learn (who used a key, a key's encryption-context keys and when its
// learning began, a principal's networks), in memory for the request path and persisted in batches by the alert book,
// so a restart does not raise every "first" again (core/anomaly/alert-model.ts BaselineFact).
import { BASELINE_KINDS, type BaselineFact, type BaselineKind } from '../core/anomaly/alert-model.js';

export class LearnedFacts {
  /** kind → subject → value → first seen. Nested maps: a lookup hashes the request's own strings, never a concatenation. */
  private readonly facts = new Map<BaselineKind, Map<string, Map<string, number>>>(BASELINE_KINDS.map((k) => [k, new Map()]));
  private unsaved: BaselineFact[] = [];
  private count = 0;

  /** Loads stored facts (a node starting). */
  load(facts: readonly BaselineFact[]): void {
    for (const f of facts) this.put(f.kind, f.subject, f.value, f.firstSeen);
  }

  /** When the fact was first seen, or undefined if it never was. */
  firstSeen(kind: BaselineKind, subject: string, value = ''): number | undefined {
    return this.facts.get(kind)!.get(subject)?.get(value);
  }

  /** Learns a fact; true if it is new (then it is queued for the store). */
  learn(kind: BaselineKind, subject: string, value: string, time: number): boolean {
    if (!this.put(kind, subject, value, time)) return false;
    this.unsaved.push({ kind, subject, value, firstSeen: time });
    return true;
  }

  private put(kind: BaselineKind, subject: string, value: string, time: number): boolean {
    const bySubject = this.facts.get(kind)!;
    let values = bySubject.get(subject);
    if (values === undefined) bySubject.set(subject, (values = new Map()));
    else if (values.has(value)) return false;
    values.set(value, time);
    this.count++;
    return true;
  }

  /** Whether any principal or encryption-context key is known for this subject (a subject's first fact is silent). */
  hasAny(kind: BaselineKind, subject: string): boolean {
    return this.firstSeen(kind, subject, '*') !== undefined;
  }

  /** Marks that a subject has facts of a kind (the '*' value), so later new values are told apart from the first. */
  touch(kind: BaselineKind, subject: string, time: number): void {
    this.learn(kind, subject, '*', time);
  }

  /** The facts learnt since the last call (for the store); put back with `requeue` if the write failed. */
  takeUnsaved(): BaselineFact[] {
    const out = this.unsaved;
    this.unsaved = [];
    return out;
  }

  requeue(facts: readonly BaselineFact[]): void {
    this.unsaved.unshift(...facts);
  }

  get size(): number {
    return this.count;
  }
}
