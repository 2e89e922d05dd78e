// What the wizard and the filters offer, from the server's own tables (bundled from src/): every KeySpec with the
// usages it admits, every Origin, every key state. One source of truth with what CreateKey accepts.
import { KEY_SPEC_TABLE } from '../../src/core/keys/key-spec-table.ts';
import { AWS_KEY_STATES, KEY_USAGES as USAGES, ORIGIN_TYPES } from '../../src/protocol/enums.ts';

export const SPEC_NAMES = Object.keys(KEY_SPEC_TABLE);
export const KEY_USAGES = [...USAGES];
export const KEY_STATES = [...AWS_KEY_STATES];
export const ORIGINS = [...ORIGIN_TYPES];

/** The usages a spec admits, e.g. RSA_2048 → ENCRYPT_DECRYPT, SIGN_VERIFY. */
export const usagesOf = (spec) => Object.keys(KEY_SPEC_TABLE[spec]?.usages ?? {});
/** Whether Keyward creates keys of this spec (SM2 exists only in AWS's China Regions). */
export const specSupported = (spec) => KEY_SPEC_TABLE[spec]?.supported ?? false;
/** The algorithms a (spec, usage) lists, for the try-it panel. */
export const algorithmsOf = (spec, usage) => KEY_SPEC_TABLE[spec]?.usages?.[usage] ?? {};

/**
 * Origins by what AWS allows: AWS_KMS and EXTERNAL (imported material) for every spec; a custom key store
 * (AWS_CLOUDHSM, EXTERNAL_KEY_STORE) holds only SYMMETRIC_DEFAULT keys.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html#KMS-CreateKey-request-Origin
 */
export const originAllows = (origin, spec) => origin === 'AWS_KMS' || origin === 'EXTERNAL' || spec === 'SYMMETRIC_DEFAULT';
export const needsCustomKeyStore = (origin) => origin === 'AWS_CLOUDHSM' || origin === 'EXTERNAL_KEY_STORE';
