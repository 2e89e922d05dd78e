// AWS KMS's request quotas as data: which quota each request counts against (cryptographic quotas are shared by key
// type; management quotas are per operation) and its default rate per second. ../shared/reference/aws-kms-api.md §5,
// https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html
import type { KeySpec } from '../../protocol/enums.js';

/** Symmetric cryptographic operations (HMAC keys count here too). */
const SYMMETRIC_OPS = new Set(['Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateMac',
  'GenerateRandom', 'ReEncryptFrom', 'ReEncryptTo', 'VerifyMac']);
/** Operations that count against the RSA, ECC or ML-DSA quotas on those keys. */
const ASYMMETRIC_OPS = new Set(['Decrypt', 'Encrypt', 'ReEncryptFrom', 'ReEncryptTo', 'Sign', 'Verify', 'DeriveSharedSecret']);
const DATA_KEY_PAIR_OPS = new Set(['GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext']);

/** The Regions with the higher symmetric quotas. */
const SYMMETRIC_100K = new Set(['us-east-1', 'us-west-2', 'eu-west-1']);
const SYMMETRIC_20K = new Set(['us-east-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'eu-central-1', 'eu-west-2']);

/** Management request rates; every operation not listed is 5 per second. */
const MANAGEMENT: Readonly<Record<string, number>> = {
  DescribeKey: 2000, GetPublicKey: 2000, ListResourceTags: 2000, GetKeyPolicy: 1000, GetKeyRotationStatus: 1000,
  ListAliases: 500, ListKeys: 500, ListGrants: 100, ListKeyPolicies: 100, ListKeyRotations: 100, ListRetirableGrants: 100,
  CreateGrant: 50, RetireGrant: 50, RevokeGrant: 50, DeleteAlias: 15, DeleteImportedKeyMaterial: 15, EnableKeyRotation: 15,
  ImportKeyMaterial: 15, PutKeyPolicy: 15, ScheduleKeyDeletion: 15, TagResource: 10, GetParametersForImport: 1,
};
const MANAGEMENT_DEFAULT = 5;

/** GenerateDataKeyPair's quotas, by pair spec. */
const DATA_KEY_PAIR: Readonly<Record<string, number>> = { RSA_2048: 20, RSA_3072: 4, RSA_4096: 1 };
const DATA_KEY_PAIR_ECC = 100;

export interface Quota {
  /** The quota's name (requests sharing a name share its tokens). */
  name: string;
  /** Requests per second, by AWS's default. */
  rate: number;
}

const keyFamily = (spec: KeySpec): 'RSA' | 'ECC' | 'ML-DSA' | 'symmetric' =>
  spec.startsWith('RSA') ? 'RSA' : spec.startsWith('ECC') || spec === 'SM2' ? 'ECC' : spec.startsWith('ML_DSA') ? 'ML-DSA' : 'symmetric';

/** The quota one request counts against: an access (key-state table name) or an account-level operation. */
export function quotaOf(operation: string, region: string, keySpec?: KeySpec, pairSpec?: string): Quota {
  if (DATA_KEY_PAIR_OPS.has(operation)) {
    const spec = pairSpec ?? 'RSA_2048';
    return { name: `GenerateDataKeyPair (${spec})`, rate: DATA_KEY_PAIR[spec] ?? DATA_KEY_PAIR_ECC };
  }
  const family = keySpec ? keyFamily(keySpec) : 'symmetric';
  if (family !== 'symmetric' && ASYMMETRIC_OPS.has(operation)) return { name: `Cryptographic operations (${family})`, rate: 1000 };
  if (SYMMETRIC_OPS.has(operation)) {
    const rate = SYMMETRIC_100K.has(region) ? 100_000 : SYMMETRIC_20K.has(region) ? 20_000 : 10_000;
    return { name: 'Cryptographic operations (symmetric)', rate };
  }
  return { name: operation, rate: MANAGEMENT[operation] ?? MANAGEMENT_DEFAULT };
}
