// The refusal of an unseal key: the progress made so far is kept and reported with the reason.
import type { SealStatus } from '../core/ports.js';

export class UnsealRejectedError extends Error {
  constructor(message: string, readonly status: SealStatus) {
    super(message);
    this.name = 'UnsealRejectedError';
  }
}
