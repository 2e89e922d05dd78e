// IAM identifiers: unique ids with AWS's prefixes (AIDA user, AGPA group, AROA role, ANPA managed policy, AKIA access
// key, ASIA temporary access key), 16 characters of the base-32 alphabet AWS uses, from the CSPRNG; and the ARNs.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
import { randomBytes } from 'node:crypto';
import type { Scope } from '../core/keys/arn.js';
import type { EntityKind } from './model.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const PREFIX: Record<EntityKind | 'accessKey' | 'sessionKey', string> = {
  user: 'AIDA', group: 'AGPA', role: 'AROA', policy: 'ANPA', accessKey: 'AKIA', sessionKey: 'ASIA',
};

export function newId(kind: keyof typeof PREFIX): string {
  return PREFIX[kind] + [...randomBytes(16)].map((b) => ALPHABET[b % 32]).join('');
}

/** A 40-character secret access key from the CSPRNG. */
export const newSecretAccessKey = (): string => randomBytes(30).toString('base64');

const ARN_TYPE: Record<EntityKind, string> = { user: 'user', group: 'group', role: 'role', policy: 'policy' };

/** `arn:aws:iam::<account>:<type><path><name>`, e.g. arn:aws:iam::111122223333:user/division/alice. */
export const entityArn = (scope: Scope, kind: EntityKind, path: string, name: string): string =>
  `arn:aws:iam::${scope.accountId}:${ARN_TYPE[kind]}${path}${name}`;

export const accountRootArn = (accountId: string): string => `arn:aws:iam::${accountId}:root`;

/** `arn:aws:sts::<account>:assumed-role/<role>/<session>`. */
export const assumedRoleArn = (accountId: string, roleName: string, sessionName: string): string =>
  `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
