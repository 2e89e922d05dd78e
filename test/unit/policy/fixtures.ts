// Shared fixtures for the policy-engine tests: principals of one account and of another, a key ARN, and helpers that
// write policy documents and the KMS encryption-context condition keys.
import type { RequestPrincipal } from '../../../src/policy/index.js';

export const ACCT = '111122223333';
export const EXT = '444455556666';
export const KEY = `arn:aws:kms:us-east-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const KEY2 = `arn:aws:kms:us-east-1:${ACCT}:key/0987dcba-09fe-87dc-65ba-ab0987654321`;
export const ROOT = `arn:aws:iam::${ACCT}:root`;

const user = (name: string, account = ACCT, tags?: Record<string, string>): RequestPrincipal => ({
  arn: `arn:aws:iam::${account}:user/${name}`, accountId: account, type: 'User', userId: `AIDA${name.toUpperCase()}EXAMPLE`,
  username: name, ...(tags ? { tags } : {}),
});
const session = (role: string, name: string, account = ACCT, tags?: Record<string, string>): RequestPrincipal => ({
  arn: `arn:aws:sts::${account}:assumed-role/${role}/${name}`, accountId: account, type: 'AssumedRole',
  roleArn: `arn:aws:iam::${account}:role/${role}`, userId: `AROA${role.toUpperCase()}:${name}`, ...(tags ? { tags } : {}),
});

export const P = {
  alice: user('alice', ACCT, { team: 'billing', CostCenter: '12345' }),
  bob: user('bob'),
  root: { arn: ROOT, accountId: ACCT, type: 'Account', userId: ACCT } as RequestPrincipal,
  app: session('AppRole', 'app-session'),
  admin: session('KMSAdminRole', 'admin-session'),
  keyUser: session('KMSUserRole', 'user-session'),
  carol: user('carol', EXT),
  extRoot: { arn: `arn:aws:iam::${EXT}:root`, accountId: EXT, type: 'Account', userId: EXT } as RequestPrincipal,
  extApp: session('ExampleRole', 'ext-session', EXT),
  fed: {
    arn: `arn:aws:sts::${ACCT}:federated-user/dana`, accountId: ACCT, type: 'FederatedUser',
    sourceUserArn: `arn:aws:iam::${ACCT}:user/dana`, userId: `${ACCT}:dana`,
  } as RequestPrincipal,
  ec2: { arn: 'ec2.amazonaws.com', accountId: '', type: 'Service', userId: 'ec2.amazonaws.com' } as RequestPrincipal,
  anonymous: { arn: '*', accountId: '', type: 'Anonymous', userId: 'anonymous' } as RequestPrincipal,
} satisfies Record<string, RequestPrincipal>;

/** A policy document with the given statements (Version 2012-10-17 unless overridden). */
export const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });

export const allowStmt = (Action: string | string[], Resource: string | string[] = '*', Condition?: object) =>
  ({ Effect: 'Allow', Action, Resource, ...(Condition ? { Condition } : {}) });
export const denyStmt = (Action: string | string[], Resource: string | string[] = '*', Condition?: object) =>
  ({ Effect: 'Deny', Action, Resource, ...(Condition ? { Condition } : {}) });

/** A key-policy statement for a principal (a string is an AWS principal). */
export const keyStmt = (Effect: 'Allow' | 'Deny', Principal: unknown, Action: string | string[], Condition?: object) =>
  ({ Effect, Principal: typeof Principal === 'string' && Principal !== '*' ? { AWS: Principal } : Principal, Action,
    Resource: '*', ...(Condition ? { Condition } : {}) });

/** The default key policy (KMS Developer Guide, "Default key policy"). */
export const DEFAULT_KEY_POLICY = {
  Version: '2012-10-17', Id: 'key-default-1',
  Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' }],
};

/** The condition keys KMS sets from an encryption context (kms:EncryptionContext:*, kms:EncryptionContextKeys). */
export function encryptionContextKeys(ec: Record<string, string>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(ec)) out[`kms:EncryptionContext:${k}`] = v;
  out['kms:EncryptionContextKeys'] = Object.keys(ec);
  return out;
}
