// Cryptoperiods per NIST SP 800-57 Part 1 Rev. 5 §5.3 (https://doi.org/10.6028/NIST.SP.800-57pt1r5): a key version
// applies protection during its originator-usage period (OUP) and processes protected data during its recipient-usage
// period (RUP), both counted from the version's creation; RUP ≥ OUP. Table 1 suggests for symmetric data-encryption
// keys an OUP of up to 2 years and an RUP of up to OUP + 3 years.
import { DAY_MS } from './rotation.js';
import type { Cryptoperiod } from './lifecycle-model.js';

/** Longest period accepted, in days (100 years). */
export const MAX_CRYPTOPERIOD_DAYS = 36_500;

export interface PeriodEnds {
  originatorEnd: number;
  recipientEnd: number;
}

/** When a version created at `createdAt` stops protecting and stops processing. */
export function periodEnds(cp: Cryptoperiod, createdAt: number): PeriodEnds {
  return { originatorEnd: createdAt + cp.originatorDays * DAY_MS, recipientEnd: createdAt + cp.recipientDays * DAY_MS };
}
