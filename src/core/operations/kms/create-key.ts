// CreateKey: a new KMS key with fresh material from the OS CSPRNG, stored only barrier-encrypted.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html
import { randomBytes, randomUUID } from 'node:crypto';
import { CUSTOMER_MASTER_KEY_SPECS, KEY_SPECS, KEY_USAGES, ORIGIN_TYPES, type KeySpec, type KeyUsage, type OriginType } from '../../../protocol/enums.js';
import { KmsError } from '../../../protocol/errors.js';
import { F } from '../../../protocol/shape.js';
import { keyArn } from '../../keys/arn.js';
import { purpose } from '../../secrets/barrier.js';
import { keyMetadata } from '../../keys/key-metadata.js';
import { importableSpec } from '../../import/import-material.js';
import { generateMaterial } from '../../keys/key-material.js';
import { KEY_SPEC_TABLE } from '../../keys/key-spec-table.js';
import type { KeyRecord, Tag } from '../../model.js';
import { createKeyContext } from '../../access/condition-keys.js';
import { committer } from '../../destruction/commitment.js';
import { defineOperation } from '../../operation.js';
import { checkPolicy, defaultKeyPolicy, POLICY_FIELD } from '../../access/key-policy.js';
import { checkTags, TAG_LIST_FIELD } from '../../keys/tags.js';
import { checkHsmKeyRequest, createHsmKey } from '../../custom-key-stores/hsm-key.js';
import { hsmMetadata } from '../../keys/key-metadata.js';

interface Input {
  Policy?: string; Description?: string; KeyUsage?: KeyUsage; CustomerMasterKeySpec?: KeySpec; KeySpec?: KeySpec;
  Origin?: OriginType; CustomKeyStoreId?: string; BypassPolicyLockoutSafetyCheck?: boolean; Tags?: Tag[];
  MultiRegion?: boolean; XksKeyId?: string;
}

/** Picks the spec and usage, with AWS's messages for the combinations it refuses. */
function specAndUsage(input: Input): { spec: KeySpec; usage: KeyUsage } {
  if (input.KeySpec && input.CustomerMasterKeySpec) {
    throw new KmsError('ValidationException', 'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.');
  }
  const spec = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
  const info = KEY_SPEC_TABLE[spec];
  if (!input.KeyUsage && !info.usageOptional) {
    throw new KmsError('ValidationException', 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
  }
  const usage = input.KeyUsage ?? 'ENCRYPT_DECRYPT';
  if (!info.usages[usage]) {
    if (spec === 'SYMMETRIC_DEFAULT') {
      // AWS's text for a symmetric key with another usage (local-kms's functional tests, checklist item 12); other
      // specs answer the recorded "KeyUsage KEY_AGREEMENT is not compatible with KeySpec RSA_2048" form.
      throw new KmsError('ValidationException',
        `The operation failed because the KeyUsage value of the CMK is ${usage}. To perform this operation, the KeyUsage value must be ENCRYPT_DECRYPT.`);
    }
    throw new KmsError('ValidationException', `KeyUsage ${usage} is not compatible with KeySpec ${spec}`);
  }
  if (!info.supported) throw new KmsError('UnsupportedOperationException', `KeySpec ${spec} is not supported by this Keyward server.`);
  return { spec, usage };
}

function checkOrigin(input: Input, spec: KeySpec): OriginType {
  if (input.CustomKeyStoreId !== undefined) {
    checkHsmKeyRequest(input);
    return 'AWS_CLOUDHSM';
  }
  if (input.Origin === 'AWS_CLOUDHSM') throw new KmsError('ValidationException', 'CustomKeyStoreId is required when Origin is AWS_CLOUDHSM.');
  const origin = input.Origin ?? 'AWS_KMS';
  if (origin === 'EXTERNAL' && !importableSpec(spec)) {
    throw new KmsError('UnsupportedOperationException', `Importing key material for KeySpec ${spec} is not supported by this Keyward server.`);
  }
  if (origin !== 'AWS_KMS' && origin !== 'EXTERNAL') {
    throw new KmsError('UnsupportedOperationException', `Origin ${origin} is not supported by this Keyward server.`);
  }
  return origin;
}

export const createKey = defineOperation<Input>({
  name: 'CreateKey',
  input: {
    Policy: POLICY_FIELD,
    Description: { t: 'string', min: 0, max: 8192 },
    KeyUsage: F.enumOf(KEY_USAGES),
    CustomerMasterKeySpec: F.enumOf(CUSTOMER_MASTER_KEY_SPECS),
    KeySpec: F.enumOf(KEY_SPECS),
    Origin: F.enumOf(ORIGIN_TYPES),
    CustomKeyStoreId: { t: 'string', min: 1, max: 64 },
    BypassPolicyLockoutSafetyCheck: { t: 'bool' },
    Tags: TAG_LIST_FIELD,
    MultiRegion: { t: 'bool' },
    XksKeyId: { t: 'string', min: 1, max: 128, pattern: /^[a-zA-Z0-9-_.]+$/ },
  },
  async run(ctx, input) {
    const { spec, usage } = specAndUsage(input);
    const origin = checkOrigin(input, spec);
    const tags = input.Tags ?? [];
    checkTags(tags);
    if (input.Policy !== undefined) checkPolicy(input.Policy);
    await ctx.authorizeAccount('CreateKey', () => createKeyContext(ctx.input, ctx.principal.accountId));
    const { scope } = ctx;
    const now = ctx.service.now();
    const multiRegion = input.MultiRegion ?? false;
    const keyId = multiRegion ? `mrk-${randomBytes(16).toString('hex')}` : randomUUID();
    if (input.Policy !== undefined) {
      ctx.service.deps.authorizer.checkKeyPolicy(input.Policy, {
        principal: ctx.principal, keyArn: keyArn(scope, keyId), bypassLockout: input.BypassPolicyLockoutSafetyCheck === true, request: ctx.request,
      });
    }
    const external = origin === 'EXTERNAL';
    const record: KeyRecord = {
      keyId, accountId: scope.accountId, region: scope.region, createdAt: now, description: input.Description ?? '',
      keySpec: spec, keyUsage: usage, origin, keyManager: 'CUSTOMER', state: external ? 'PendingImport' : 'Enabled', multiRegion,
      policy: input.Policy ?? defaultKeyPolicy(scope.accountId), currentVersion: external ? 0 : 1, revision: 1,
      // A new multi-Region key is the primary, in the Region it was created in (docs/multi-region.md).
      primaryRegion: multiRegion ? scope.region : undefined,
    };
    if (origin === 'AWS_CLOUDHSM') {
      await createHsmKey(ctx.service, record, tags, input.CustomKeyStoreId!);
      ctx.audit.keyArn = keyArn(scope, keyId);
      ctx.audit.keyVersion = 1;
      return { KeyMetadata: keyMetadata({ ...record, customKeyStoreId: input.CustomKeyStoreId }, undefined, await hsmMetadata(ctx.service, input.CustomKeyStoreId!)) };
    }
    if (external) {
      // No material until ImportKeyMaterial (version 0 = none); the key waits in PendingImport.
      await ctx.service.store.createKey(record, undefined, tags);
      ctx.audit.keyArn = keyArn(scope, keyId);
      return { KeyMetadata: keyMetadata(record) };
    }
    const material = await generateMaterial(spec);
    const materialId = randomBytes(32).toString('hex');
    const sealedMaterial = ctx.service.deps.barrier.seal(purpose.keyMaterial(keyId, 1), material);
    const commitment = (await committer(ctx.service))(keyId, 1, material);
    material.fill(0);
    await ctx.service.store.createKey(record, { keyId, version: 1, materialId, createdAt: now, sealedMaterial, commitment }, tags);
    ctx.audit.keyArn = keyArn(scope, keyId);
    ctx.audit.keyVersion = 1;
    return { KeyMetadata: keyMetadata(record, materialId) };
  },
});
