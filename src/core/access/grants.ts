// Grant rules shared by the five grant operations: which grant operations fit which kind of key (as data), the
// constraint checks, identifiers, list entries, and the grant token (an HMAC-authenticated, opaque string).
// https://docs.aws.amazon.com/kms/latest/developerguide/grants.html, ../shared/reference/aws-kms-api.md §2.5 and §4.9.
import { createHash, createHmac, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { KmsError } from '../../protocol/errors.js';
import type { Field } from '../../protocol/shape.js';
import { keyArn, type Scope } from '../keys/arn.js';
import { epochSeconds } from '../keys/key-metadata.js';
import type { GrantConstraints, GrantRecord, KeyRecord } from '../model.js';
import type { KmsService } from '../service.js';
import { serviceSecret } from '../secrets/service-secret.js';
import { SEALED_META } from '../secrets/sealed-values.js';

/** The GrantOperation enum, verbatim from the service model. */
export const GRANT_OPERATIONS = [
  'Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'Sign',
  'Verify', 'GetPublicKey', 'CreateGrant', 'RetireGrant', 'DescribeKey', 'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext', 'GenerateMac', 'VerifyMac', 'DeriveSharedSecret',
] as const;
export type GrantOperation = (typeof GRANT_OPERATIONS)[number];

/** AWS's quota: grants per KMS key. */
export const MAX_GRANTS_PER_KEY = 50_000;
/** The two encryption-context constraints: at most 8 pairs, values at most 384 characters. */
const MAX_CONSTRAINT_PAIRS = 8;
const MAX_CONSTRAINT_VALUE = 384;

type GrantKeyType = 'symmetric encryption' | 'asymmetric encryption' | 'signing' | 'HMAC' | 'key agreement';

const EVERY_KEY = ['DescribeKey', 'CreateGrant', 'RetireGrant'] as const;

/** Which grant operations each kind of key allows (§4.9; derived from the operations each key usage supports). */
const VALID_OPERATIONS: Record<GrantKeyType, ReadonlySet<GrantOperation>> = {
  'symmetric encryption': new Set([
    'Encrypt', 'Decrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext',
    'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext', ...EVERY_KEY,
  ]),
  'asymmetric encryption': new Set(['Encrypt', 'Decrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GetPublicKey', ...EVERY_KEY]),
  signing: new Set(['Sign', 'Verify', 'GetPublicKey', ...EVERY_KEY]),
  HMAC: new Set(['GenerateMac', 'VerifyMac', ...EVERY_KEY]),
  'key agreement': new Set(['DeriveSharedSecret', 'GetPublicKey', ...EVERY_KEY]),
};

function grantKeyType(key: KeyRecord): GrantKeyType {
  switch (key.keyUsage) {
    case 'ENCRYPT_DECRYPT': return key.keySpec === 'SYMMETRIC_DEFAULT' ? 'symmetric encryption' : 'asymmetric encryption';
    case 'SIGN_VERIFY': return 'signing';
    case 'GENERATE_VERIFY_MAC': return 'HMAC';
    case 'KEY_AGREEMENT': return 'key agreement';
  }
}

// Shapes of the grant members (the service model's Principal, ServicePrincipal, GrantName, GrantIdType, GrantTokenType).
export const PRINCIPAL_FIELD: Field = { t: 'string', min: 1, max: 256, pattern: /^[\w+=,.@:/-]+$/ };
export const SERVICE_PRINCIPAL_FIELD: Field = {
  t: 'string', min: 1, max: 128, pattern: /^([A-Za-z0-9-]+)\.([A-Za-z0-9-]+)(\.[A-Za-z0-9-]+)+$/,
};
export const GRANT_NAME_FIELD: Field = { t: 'string', min: 1, max: 256, pattern: /^[a-zA-Z0-9:/_-]+$/ };
export const GRANT_ID_FIELD = (required: boolean): Field => ({ t: 'string', required, min: 1, max: 128 });
export const GRANT_TOKEN_FIELD = (required: boolean): Field => ({ t: 'string', required, min: 1, max: 8192 });
export const CONSTRAINTS_FIELD: Field = {
  t: 'struct',
  fields: {
    EncryptionContextSubset: { t: 'map' },
    EncryptionContextEquals: { t: 'map' },
    SourceArn: { t: 'string', min: 20, max: 512, pattern: /^arn:aws[a-z0-9-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{12}:.+$/ },
  },
};
export const LIST_LIMIT_FIELD: Field = { t: 'int', min: 1, max: 100 };

/** Every requested operation must suit the key (§4.9); AWS answers ValidationException. */
export function checkOperations(key: KeyRecord, operations: readonly GrantOperation[]): void {
  const type = grantKeyType(key);
  const invalid = [...new Set(operations)].filter((op) => !VALID_OPERATIONS[type].has(op));
  if (invalid.length > 0) {
    const article = type === 'asymmetric encryption' || type === 'HMAC' ? 'an' : 'a';
    throw new KmsError('ValidationException', `Grant operations [${invalid.join(', ')}] are not valid for ${article} ${type} KMS key.`);
  }
}

/** The constraint rules: one encryption-context constraint, ≤8 pairs, values ≤384 characters, symmetric keys only. */
export function checkConstraints(key: KeyRecord, c: GrantConstraints | undefined): void {
  if (!c) return;
  const contexts = [c.EncryptionContextSubset, c.EncryptionContextEquals].filter((x) => x !== undefined);
  if (contexts.length === 0) return;
  if (contexts.length > 1) {
    throw new KmsError('ValidationException', 'A grant can have either an EncryptionContextEquals or an EncryptionContextSubset constraint, not both.');
  }
  const ec = contexts[0]!;
  if (Object.keys(ec).length > MAX_CONSTRAINT_PAIRS) {
    throw new KmsError('ValidationException', `An encryption context constraint can have at most ${MAX_CONSTRAINT_PAIRS} pairs.`);
  }
  if (Object.values(ec).some((v) => v.length > MAX_CONSTRAINT_VALUE)) {
    throw new KmsError('ValidationException', `An encryption context constraint value cannot exceed ${MAX_CONSTRAINT_VALUE} characters.`);
  }
  if (grantKeyType(key) !== 'symmetric encryption') {
    throw new KmsError('ValidationException', 'Encryption context grant constraints are valid only for symmetric encryption KMS keys.');
  }
}

/** A new grant id: 64 lowercase hex digits, as AWS's look. */
export const newGrantId = (): string => randomBytes(32).toString('hex');

/** The identity of a CreateGrant request for Name idempotency: every parameter, canonically ordered. */
export function grantFingerprint(g: Omit<GrantRecord, 'grantId' | 'createdAt' | 'fingerprint'>): string {
  const sorted = (ec?: Record<string, string>) => ec && Object.fromEntries(Object.entries(ec).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const canonical = [
    g.keyId, g.name ?? null, g.granteePrincipal ?? null, g.granteeServicePrincipal ?? null, g.retiringPrincipal ?? null,
    g.retiringServicePrincipal ?? null, [...new Set(g.operations)].sort(),
    sorted(g.constraints?.EncryptionContextSubset) ?? null, sorted(g.constraints?.EncryptionContextEquals) ?? null,
    g.constraints?.SourceArn ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** A GrantListEntry as AWS sends it: optional members left out when absent. */
export function grantListEntry(scope: Scope, g: GrantRecord): Record<string, unknown> {
  return {
    KeyId: keyArn(scope, g.keyId), GrantId: g.grantId, ...(g.name !== undefined ? { Name: g.name } : {}),
    CreationDate: epochSeconds(g.createdAt),
    ...(g.granteePrincipal !== undefined ? { GranteePrincipal: g.granteePrincipal } : {}),
    ...(g.granteeServicePrincipal !== undefined ? { GranteeServicePrincipal: g.granteeServicePrincipal } : {}),
    ...(g.retiringPrincipal !== undefined ? { RetiringPrincipal: g.retiringPrincipal } : {}),
    ...(g.retiringServicePrincipal !== undefined ? { RetiringServicePrincipal: g.retiringServicePrincipal } : {}),
    IssuingAccount: g.issuingAccount, Operations: g.operations, ...(g.constraints ? { Constraints: g.constraints } : {}),
  };
}

export function grantNotFound(grantId: string): KmsError {
  return new KmsError('NotFoundException', `Grant ID ${grantId} not found.`);
}

// Grant tokens: base64url of  version (1) | grant id (32) | nonce (16) | HMAC-SHA-256 tag (32). The nonce makes every
// token unique per CreateGrant call; the tag (under a service-wide secret) lets a forged or altered token be refused
// without a database lookup, and tokens work on every node.
const TOKEN_VERSION = 1;
const TOKEN_BYTES = 1 + 32 + 16 + 32;
const { name: TOKEN_KEY_META, purpose: TOKEN_KEY_PURPOSE } = SEALED_META.grantTokenKey;
/** The service-wide token key (src/core/secrets/service-secret.ts). */
const tokenKey = (service: KmsService) => serviceSecret(service, TOKEN_KEY_META, TOKEN_KEY_PURPOSE);

const tag = (key: KeyObject, body: Buffer) =>
  createHmac('sha256', key).update('keyward:grant-token:v1\0').update(body).digest();

/** A fresh token for a grant. */
export async function issueGrantToken(service: KmsService, grantId: string): Promise<string> {
  const body = Buffer.concat([Buffer.of(TOKEN_VERSION), Buffer.from(grantId, 'hex'), randomBytes(16)]);
  return Buffer.concat([body, tag(await tokenKey(service), body)]).toString('base64url');
}

/** The grant id a token stands for; InvalidGrantTokenException for anything this service did not issue. */
export async function redeemGrantToken(service: KmsService, token: string): Promise<string> {
  const raw = Buffer.from(token, 'base64url');
  const ok = raw.length === TOKEN_BYTES && raw[0] === TOKEN_VERSION && raw.toString('base64url') === token
    && timingSafeEqual(raw.subarray(49), tag(await tokenKey(service), raw.subarray(0, 49)));
  if (!ok) throw new KmsError('InvalidGrantTokenException', 'The grant token is not valid.');
  return raw.subarray(1, 33).toString('hex');
}
