// AWS-managed keys: the predefined `alias/aws/<service>` aliases, the key each one gets on its first use, and which
// key accesses such a key refuses. https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key
// (../shared/reference/aws-kms-api.md §2.2 DescribeKey, §4.7, §4.8; clients-and-wire.md items 24 and 65).
import { committer } from '../destruction/commitment.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { KmsError } from '../../protocol/errors.js';
import { aliasArn, type Scope } from './arn.js';
import { purpose } from '../secrets/barrier.js';
import { generateMaterial } from './key-material.js';
import type { KeyAccess } from './key-state-table.js';
import type { KeyRecord } from '../model.js';
import { StoreConflictError } from '../ports.js';
import { DAY_MS, DEFAULT_ROTATION_DAYS } from '../lifecycle/rotation.js';
import type { KmsService, Principal } from '../service.js';

const PREFIX = 'alias/aws/';

/**
 * The predefined service aliases: the 14 that moto pre-seeds and LocalStack creates lazily (moto kms/utils.py
 * RESERVED_ALIASES). Each description is the text AWS gives its key, as seen in public DescribeKey output ("Default
 * key ..."; keys from before 2021 say "Default master key ..."); Redshift's is unverified.
 */
export const AWS_MANAGED_SERVICES: Readonly<Record<string, string>> = {
  acm: 'ACM private keys',
  dynamodb: 'DynamoDB data',
  ebs: 'EBS volumes',
  elasticfilesystem: 'EFS filesystems',
  es: 'Elasticsearch data',
  glue: 'Glue data',
  kinesisvideo: 'kinesis video data',
  lambda: 'Lambda functions',
  rds: 'RDS database volumes',
  redshift: 'Redshift data',
  s3: 'S3 objects',
  secretsmanager: 'Secrets Manager data',
  ssm: 'SSM parameters',
  xray: 'X-Ray data',
};

/** The service of a predefined `alias/aws/<service>` name, or undefined (any other name, e.g. `alias/aws/foo`). */
export function awsManagedService(aliasName: string): string | undefined {
  if (!aliasName.startsWith(PREFIX)) return undefined;
  const service = aliasName.slice(PREFIX.length);
  return Object.hasOwn(AWS_MANAGED_SERVICES, service) ? service : undefined;
}

export const awsManagedDescription = (service: string): string =>
  `Default key that protects my ${AWS_MANAGED_SERVICES[service]} when no other key is defined`;

/**
 * Which key accesses an AWS-managed key allows. Its fixed key policy (awsManagedKeyPolicy) lets the account use the
 * key and read it (kms:Describe*, Get*, List*), never manage it: AWS managed keys can't be enabled, disabled,
 * deleted, re-policied, tagged, aliased by the customer or have their rotation changed. Typed over every KeyAccess, so
 * a new access fails to compile until it decides here.
 */
export const AWS_MANAGED_ACCESS = {
  Encrypt: 'allow', Decrypt: 'allow', ReEncryptFrom: 'allow', ReEncryptTo: 'allow', GenerateDataKey: 'allow',
  GenerateDataKeyWithoutPlaintext: 'allow', GenerateDataKeyPair: 'allow', GenerateDataKeyPairWithoutPlaintext: 'allow',
  Sign: 'allow', Verify: 'allow', GetPublicKey: 'allow', GenerateMac: 'allow', VerifyMac: 'allow', DeriveSharedSecret: 'allow',
  CreateGrant: 'allow', RetireGrant: 'allow',
  DescribeKey: 'allow', GetKeyPolicy: 'allow', ListAliases: 'allow', ListGrants: 'allow', ListKeyPolicies: 'allow',
  ListResourceTags: 'allow', GetKeyLastUsage: 'allow', GetKeyRotationStatus: 'allow', ListKeyRotations: 'allow',
  PutKeyPolicy: 'deny', RevokeGrant: 'deny', DeleteAlias: 'deny', CreateAlias: 'deny', UpdateAlias: 'deny',
  TagResource: 'deny', UntagResource: 'deny', UpdateKeyDescription: 'deny', EnableKey: 'deny', DisableKey: 'deny',
  ScheduleKeyDeletion: 'deny', CancelKeyDeletion: 'deny', EnableKeyRotation: 'deny', DisableKeyRotation: 'deny',
  RotateKeyOnDemand: 'deny', GetParametersForImport: 'deny', ImportKeyMaterial: 'deny', DeleteImportedKeyMaterial: 'deny',
  ReplicateKey: 'deny', UpdatePrimaryRegion: 'deny',
  // Keyward's extension operations: reading the lifecycle is allowed, changing it is managing the key.
  ListKeyVersions: 'allow', DescribeKeyVersion: 'allow', DescribeKeyLifecycle: 'allow', ListLifecycleEvents: 'allow',
  DisableKeyVersion: 'deny', EnableKeyVersion: 'deny', ScheduleKeyVersionDestruction: 'deny', CancelKeyVersionDestruction: 'deny',
  SetMinimumDecryptionVersion: 'deny', SetKeyCryptoperiod: 'deny', DeleteKeyCryptoperiod: 'deny', ArchiveKey: 'deny',
  ReactivateKey: 'deny', CloseReactivationWindow: 'deny',
  GetDestructionPreflight: 'allow', PutDestructionPreflight: 'deny', GetDestructionReceipt: 'allow',
} as const satisfies Record<KeyAccess, 'allow' | 'deny'>;

/**
 * AWS's answer when a key policy allows no such action: AccessDeniedException in its "no resource-based policy"
 * form (observed on AWS; the same text as auth/authorizer.ts).
 */
export function awsManagedRefusal(principal: Principal, action: string, arn: string): KmsError {
  return new KmsError('AccessDeniedException',
    `User: ${principal.arn} is not authorized to perform: ${action} on resource: ${arn} because no resource-based policy allows the ${action} action`);
}

/** The key policy AWS gives an AWS-managed key (its `auto-<service>` policies): use via the service, read directly. */
export function awsManagedKeyPolicy(scope: Scope, service: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: `auto-${service}-1`,
    Statement: [
      {
        Sid: `Allow access through ${service} for all principals in the account that are authorized to use ${service}`,
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': scope.accountId, 'kms:ViaService': `${service}.${scope.region}.amazonaws.com` } },
      },
      {
        Sid: 'Allow direct access to key metadata to the account',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${scope.accountId}:root` },
        Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'],
        Resource: '*',
      },
    ],
  }, null, 2);
}

/**
 * Creates the AWS-managed key of a predefined alias and the alias, in one store transaction, and returns the key id
 * the alias names. When another request (or node) created it first, the alias insert conflicts, nothing of ours is
 * written, and the winner's key is returned: concurrent first uses leave exactly one key.
 */
export async function createAwsManagedKey(
  svc: KmsService, aliasName: string, service: string, scope: Scope = svc.scope,
): Promise<{ keyId: string; created: boolean }> {
  const { store } = svc;
  const now = svc.now();
  const keyId = randomUUID();
  const record: KeyRecord = {
    keyId, accountId: scope.accountId, region: scope.region, createdAt: now, description: awsManagedDescription(service),
    keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', origin: 'AWS_KMS', keyManager: 'AWS', state: 'Enabled',
    multiRegion: false, policy: awsManagedKeyPolicy(scope, service), currentVersion: 1, revision: 1,
    // AWS-managed keys rotate every year, always (aws-kms-api.md §4.7).
    rotationPeriodDays: DEFAULT_ROTATION_DAYS, nextRotationAt: now + DEFAULT_ROTATION_DAYS * DAY_MS,
  };
  const material = await generateMaterial('SYMMETRIC_DEFAULT');
  const sealedMaterial = svc.deps.barrier.seal(purpose.keyMaterial(keyId, 1), material);
  const commitment = (await committer(svc))(keyId, 1, material);
  material.fill(0);
  const version = { keyId, version: 1, materialId: randomBytes(32).toString('hex'), createdAt: now, sealedMaterial, commitment };
  const alias = { aliasName, accountId: scope.accountId, region: scope.region, targetKeyId: keyId, createdAt: now, updatedAt: now };
  try {
    await store.createKey(record, version, [], alias);
  } catch (err) {
    if (!(err instanceof StoreConflictError)) throw err;
    const winner = await store.getAlias(aliasName, scope.region);
    if (!winner) throw new KmsError('NotFoundException', `Alias ${aliasArn(scope, aliasName)} is not found.`); // deleted meanwhile
    return { keyId: winner.targetKeyId, created: false };
  }
  svc.keys.invalidate(keyId);
  return { keyId, created: true };
}
