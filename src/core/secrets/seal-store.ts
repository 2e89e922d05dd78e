// The store port of the seal: re-sealing values during barrier rotation, retiring barrier terms, and rekeying (the
// seal configuration and every barrier key's wrap replaced together). Implemented by src/store/{sqlite,postgres}/seal-store.ts.
import type { Page } from '../ports.js';
import type { SealedKind } from './sealed-values.js';

/** One sealed value and the columns that identify its row (in src/store/sealed-columns.ts order, as text). */
export interface SealedValue {
  id: string[];
  sealed: Buffer;
}

export interface Reseal {
  id: string[];
  /** The value read; the row is changed only if it still holds it (a concurrent writer wins). */
  old: Buffer;
  next: Buffer;
}

export interface SealStore {
  /** Sealed values of one kind in primary-key order after the position `after` (from a previous page). */
  sealedValues(kind: SealedKind, limit: number, after?: string): Promise<Page<SealedValue>>;
  /** Replaces, in one transaction, each value that still holds `old`; returns how many were replaced. */
  resealValues(kind: SealedKind, changes: Reseal[]): Promise<number>;
  /** Removes barrier keys (terms nothing is sealed under any more). */
  deleteBarrierKeys(terms: number[]): Promise<void>;
  /**
   * Rekey: stores `next` as meta `name` if it still holds `expected`, and every barrier key's new wrap, in one
   * transaction; false (nothing written) if the configuration changed meanwhile.
   */
  replaceSealConfig(name: string, expected: string, next: string, wraps: { term: number; wrapped: Buffer }[]): Promise<boolean>;
}
