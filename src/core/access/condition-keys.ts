// The AWS KMS condition keys a request supplies, as a table: for each key access, which members of the request (or
// facts of the key) become which condition keys. Global keys (aws:SourceIp, aws:CurrentTime, aws:PrincipalTag/...) are
// added by the authorizer. https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html,
// https://docs.aws.amazon.com/kms/latest/developerguide/conditions-aws.html
import type { ConditionContext, ContextValue } from '../../policy/index.js';
import type { KeyRecord, Tag } from '../model.js';

type Input = Record<string, unknown>;
type Values = Record<string, ContextValue>;
type Rule = (input: Input, out: Values) => void;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** kms:EncryptionContext:<key> for each pair and kms:EncryptionContextKeys, from one member. */
const context = (member: string): Rule => (input, out) => {
  const ec = input[member] as Record<string, string> | undefined;
  if (!ec) return;
  for (const [k, v] of Object.entries(ec)) out[`kms:EncryptionContext:${k}`] = v;
  out['kms:EncryptionContextKeys'] = Object.keys(ec);
};
/** A member, or the default AWS applies when it is absent, as one condition key. */
const member = (key: string, name: string, fallback?: ContextValue): Rule => (input, out) => {
  const v = input[name];
  if (v !== undefined) out[key] = v as ContextValue;
  else if (fallback !== undefined) out[key] = fallback;
};
const fixed = (key: string, value: ContextValue): Rule => (_input, out) => void (out[key] = value);
const algorithm = (name: string) => member('kms:EncryptionAlgorithm', name, 'SYMMETRIC_DEFAULT');
const requestTags: Rule = (input, out) => {
  const tags = input.Tags as Tag[] | undefined;
  if (!tags) return;
  for (const t of tags) out[`aws:RequestTag/${t.TagKey}`] = t.TagValue;
  out['aws:TagKeys'] = tags.map((t) => t.TagKey);
};
const grantConstraints: Rule = (input, out) => {
  const c = input.Constraints as { EncryptionContextEquals?: Record<string, string>; EncryptionContextSubset?: Record<string, string> } | undefined;
  const type = c?.EncryptionContextEquals ? 'EncryptionContextEquals' : c?.EncryptionContextSubset ? 'EncryptionContextSubset' : undefined;
  if (type) {
    out['kms:GrantConstraintType'] = type;
    context(type)(c as Input, out);
  }
};

/** Condition keys per key access (the access names of the key-state table, which are also the IAM action names). */
const RULES: Record<string, Rule[]> = {
  Encrypt: [context('EncryptionContext'), algorithm('EncryptionAlgorithm')],
  Decrypt: [context('EncryptionContext'), algorithm('EncryptionAlgorithm')],
  ReEncryptFrom: [context('SourceEncryptionContext'), algorithm('SourceEncryptionAlgorithm')],
  ReEncryptTo: [context('DestinationEncryptionContext'), algorithm('DestinationEncryptionAlgorithm')],
  GenerateDataKey: [context('EncryptionContext'), fixed('kms:EncryptionAlgorithm', 'SYMMETRIC_DEFAULT')],
  GenerateDataKeyWithoutPlaintext: [context('EncryptionContext'), fixed('kms:EncryptionAlgorithm', 'SYMMETRIC_DEFAULT')],
  GenerateDataKeyPair: [context('EncryptionContext'), fixed('kms:EncryptionAlgorithm', 'SYMMETRIC_DEFAULT'), member('kms:DataKeyPairSpec', 'KeyPairSpec')],
  GenerateDataKeyPairWithoutPlaintext: [context('EncryptionContext'), fixed('kms:EncryptionAlgorithm', 'SYMMETRIC_DEFAULT'), member('kms:DataKeyPairSpec', 'KeyPairSpec')],
  Sign: [member('kms:SigningAlgorithm', 'SigningAlgorithm'), member('kms:MessageType', 'MessageType', 'RAW')],
  Verify: [member('kms:SigningAlgorithm', 'SigningAlgorithm'), member('kms:MessageType', 'MessageType', 'RAW')],
  GenerateMac: [member('kms:MacAlgorithm', 'MacAlgorithm')],
  VerifyMac: [member('kms:MacAlgorithm', 'MacAlgorithm')],
  DeriveSharedSecret: [member('kms:KeyAgreementAlgorithm', 'KeyAgreementAlgorithm')],
  CreateGrant: [
    member('kms:GrantOperations', 'Operations'), member('kms:GranteePrincipal', 'GranteePrincipal'),
    member('kms:RetiringPrincipal', 'RetiringPrincipal'), fixed('kms:GrantIsForAWSResource', false), grantConstraints,
  ],
  ListGrants: [fixed('kms:GrantIsForAWSResource', false), member('kms:GranteePrincipal', 'GranteePrincipal')],
  RevokeGrant: [fixed('kms:GrantIsForAWSResource', false)],
  ScheduleKeyDeletion: [member('kms:ScheduleKeyDeletionPendingWindowInDays', 'PendingWindowInDays', 30)],
  EnableKeyRotation: [member('kms:RotationPeriodInDays', 'RotationPeriodInDays', 365)],
  PutKeyPolicy: [member('kms:BypassPolicyLockoutSafetyCheck', 'BypassPolicyLockoutSafetyCheck', false)],
  GetParametersForImport: [member('kms:WrappingAlgorithm', 'WrappingAlgorithm'), member('kms:WrappingKeySpec', 'WrappingKeySpec')],
  ImportKeyMaterial: [member('kms:ExpirationModel', 'ExpirationModel', 'KEY_MATERIAL_EXPIRES'), (input, out) => {
    if (typeof input.ValidTo === 'number') out['kms:ValidTo'] = input.ValidTo;
  }],
  TagResource: [requestTags],
  ReplicateKey: [member('kms:ReplicaRegion', 'ReplicaRegion')],
  UpdatePrimaryRegion: [member('kms:PrimaryRegion', 'PrimaryRegion')],
  UntagResource: [member('aws:TagKeys', 'TagKeys')],
};

/** The facts of the key itself every key access supplies (kms:KeySpec, kms:KeyUsage, kms:KeyOrigin, ...). */
function keyFacts(key: KeyRecord, out: Values): void {
  out['kms:KeySpec'] = key.keySpec;
  out['kms:CustomerMasterKeySpec'] = key.keySpec;
  out['kms:KeyUsage'] = key.keyUsage;
  out['kms:CustomerMasterKeyUsage'] = key.keyUsage;
  out['kms:KeyOrigin'] = key.origin;
  out['kms:MultiRegion'] = key.multiRegion;
  if (key.multiRegion) out['kms:MultiRegionKeyType'] = (key.primaryRegion ?? key.region) === key.region ? 'PRIMARY' : 'REPLICA';
  // Only its service uses an AWS-managed key (its policy tests kms:ViaService); Keyward has no services, so a call
  // on such a key counts as made through the key's service (docs/compatibility.md, AWS-managed keys).
  const service = key.keyManager === 'AWS' ? /"Id"\s*:\s*"auto-([a-z0-9]+)-1"/.exec(key.policy)?.[1] : undefined;
  if (service !== undefined) out['kms:ViaService'] = `${service}.${key.region}.amazonaws.com`;
}

export interface KeyAccessFacts {
  access: string;
  input: Input;
  key: KeyRecord;
  callerAccount: string;
  /** The alias the request named the key by (kms:RequestAlias), if it did. */
  requestAlias?: string | undefined;
  /** For ReEncrypt: whether source and destination are one key (kms:ReEncryptOnSameKey), when known. */
  sameKey?: boolean | undefined;
}

/** The condition keys of one key access. */
export function keyAccessContext(f: KeyAccessFacts): ConditionContext {
  const out: Values = { 'kms:CallerAccount': f.callerAccount };
  keyFacts(f.key, out);
  if (f.requestAlias !== undefined) out['kms:RequestAlias'] = f.requestAlias;
  if (f.sameKey !== undefined) out['kms:ReEncryptOnSameKey'] = f.sameKey;
  for (const rule of RULES[f.access] ?? []) rule(f.input, out);
  return out;
}

/** CreateKey's condition keys: the new key's spec, usage, origin, Region kind, tags and the lockout bypass. */
export function createKeyContext(input: Input, callerAccount: string): ConditionContext {
  const spec = str(input.KeySpec) ?? str(input.CustomerMasterKeySpec) ?? 'SYMMETRIC_DEFAULT';
  const usage = str(input.KeyUsage) ?? 'ENCRYPT_DECRYPT';
  const out: Values = {
    'kms:CallerAccount': callerAccount, 'kms:KeySpec': spec, 'kms:CustomerMasterKeySpec': spec, 'kms:KeyUsage': usage,
    'kms:CustomerMasterKeyUsage': usage, 'kms:KeyOrigin': str(input.Origin) ?? 'AWS_KMS', 'kms:MultiRegion': input.MultiRegion === true,
    'kms:BypassPolicyLockoutSafetyCheck': input.BypassPolicyLockoutSafetyCheck === true,
  };
  requestTags(input, out);
  return out;
}

/** aws:ResourceTag/<key> for each of the key's tags and kms:ResourceAliases (every alias naming the key). */
export function resourceContext(tags: Tag[], aliases: string[]): ConditionContext {
  const out: Values = { 'kms:ResourceAliases': aliases };
  for (const t of tags) out[`aws:ResourceTag/${t.TagKey}`] = t.TagValue;
  return out;
}
