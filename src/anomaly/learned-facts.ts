// The facts the "never seen before" detectors learn (who used a key, a key's encryption-context keys and when its
// learning began, a principal's networks), in memory for the request path and persisted in batches by the alert book,
// so a restart does not raise every "first" again (core/anomaly/alert-model.ts BaselineFact).
import type { BaselineFact, BaselineKind } from '../core/anomaly/alert-model.js';

export class LearnedFacts {
  private readonly facts = new Map<string, number>();
  private unsaved: BaselineFact[] = [];

  private static id(kind: BaselineKind, subject: string, value: string): string {
    return `${kind}\n${subject}\n${value}`;
  }

  /** Loads stored facts (a node starting). */
  load(facts: readonly BaselineFact[]): void {
    for (const f of facts) this.facts.set(LearnedFacts.id(f.kind, f.subject, f.value), f.firstSeen);
  }

  /** When the fact was first seen, or undefined if it never was. */
  firstSeen(kind: BaselineKind, subject: string, value = ''): number | undefined {
    return this.facts.get(LearnedFacts.id(kind, subject, value));
  }

  /** Learns a fact; true if it is new (then it is queued for the store). */
  learn(kind: BaselineKind, subject: string, value: string, time: number): boolean {
    const id = LearnedFacts.id(kind, subject, value);
    if (this.facts.has(id)) return false;
    this.facts.set(id, time);
    this.unsaved.push({ kind, subject, value, firstSeen: time });
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
    return this.facts.size;
  }
}
