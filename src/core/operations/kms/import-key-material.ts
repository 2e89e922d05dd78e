// ImportKeyMaterial: unwraps material sent under a GetParametersForImport wrapping key and attaches it to an
// EXTERNAL key — its first material, the same material again (after deletion or expiry, or to change its expiry),
// or, for symmetric keys, new material that waits for RotateKeyOnDemand.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html
import { committer } from '../../destruction/commitment.js';
import { KmsError } from '../../../protocol/errors.js';
import { F } from '../../../protocol/shape.js';
import { rsaAesKeyUnwrap, rsaOaepUnwrap } from '../../../crypto/key-wrap.js';
import { purpose } from '../../secrets/barrier.js';
import {
  changeMaterial, importedMaterialId, normaliseImportedMaterial, originNotExternal, sameMaterialId, stateFor,
} from '../../import/import-material.js';
import { redeemImportToken, type WrappingAlgorithm } from '../../import/import-token.js';
import { EXPIRATION_MODELS, type ExpirationModel, type ImportedMaterialRecord, type KeyVersionRecord } from '../../model.js';
import { defineOperation } from '../../operation.js';
import { DAY_MS } from '../../lifecycle/rotation.js';

const IMPORT_TYPES = ['NEW_KEY_MATERIAL', 'EXISTING_KEY_MATERIAL'] as const;
type ImportType = (typeof IMPORT_TYPES)[number];
const MAX_VALID_TO_MS = 365 * DAY_MS;

interface Input {
  KeyId: string;
  ImportToken: Buffer;
  EncryptedKeyMaterial: Buffer;
  ValidTo?: number;
  ExpirationModel?: ExpirationModel;
  ImportType?: ImportType;
  KeyMaterialDescription?: string;
  KeyMaterialId?: string;
}

/** ValidTo in epoch ms, or undefined for material that does not expire; AWS's ValidationExceptions otherwise. */
function checkExpiry(input: Input, now: number): number | undefined {
  const model = input.ExpirationModel ?? 'KEY_MATERIAL_EXPIRES';
  if (model === 'KEY_MATERIAL_DOES_NOT_EXPIRE') {
    if (input.ValidTo !== undefined) {
      throw new KmsError('ValidationException', 'A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE');
    }
    return undefined;
  }
  if (input.ValidTo === undefined) {
    throw new KmsError('ValidationException', 'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES');
  }
  const validTo = Math.round(input.ValidTo * 1000);
  if (validTo <= now) throw new KmsError('ValidationException', 'The validTo date must be in the future.');
  if (validTo > now + MAX_VALID_TO_MS) {
    throw new KmsError('ValidationException', 'The validTo date must be no more than 365 days from the current date.');
  }
  return validTo;
}

function unwrap(algorithm: WrappingAlgorithm, privateKey: Parameters<typeof rsaOaepUnwrap>[0], blob: Buffer): Buffer {
  let out: Buffer | undefined;
  switch (algorithm) {
    case 'RSAES_OAEP_SHA_1': out = rsaOaepUnwrap(privateKey, 'sha1', blob); break;
    case 'RSAES_OAEP_SHA_256': out = rsaOaepUnwrap(privateKey, 'sha256', blob); break;
    case 'RSA_AES_KEY_WRAP_SHA_1': out = rsaAesKeyUnwrap(privateKey, 'sha1', blob); break;
    case 'RSA_AES_KEY_WRAP_SHA_256': out = rsaAesKeyUnwrap(privateKey, 'sha256', blob); break;
    default: out = undefined;
  }
  if (!out) throw new KmsError('InvalidCiphertextException');
  return out;
}

const notSameMaterial = () => new KmsError('IncorrectKeyMaterialException',
  'The key material in the request is not the same key material that was previously imported into this KMS key.');

export const importKeyMaterial = defineOperation<Input>({
  name: 'ImportKeyMaterial',
  input: {
    KeyId: F.keyId(),
    ImportToken: { t: 'blob', required: true, min: 1, max: 6144 },
    EncryptedKeyMaterial: { t: 'blob', required: true, min: 1, max: 6144 },
    ValidTo: { t: 'timestamp' },
    ExpirationModel: F.enumOf(EXPIRATION_MODELS),
    ImportType: F.enumOf(IMPORT_TYPES),
    KeyMaterialDescription: { t: 'string', min: 0, max: 256, pattern: /^[a-zA-Z0-9:/_\s.-]+$/ },
    KeyMaterialId: { t: 'string', min: 64, max: 64, pattern: /^[a-f0-9]+$/ },
  },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'ImportKeyMaterial', 'idOrArn');
    const { keyId, keySpec, origin } = key.record;
    if (origin !== 'EXTERNAL') throw originNotExternal(key.arn, origin);
    const symmetric = keySpec === 'SYMMETRIC_DEFAULT';
    if (!symmetric && (input.ImportType !== undefined || input.KeyMaterialId !== undefined)) {
      throw new KmsError('ValidationException', 'ImportType and KeyMaterialId are supported only for symmetric encryption keys.');
    }
    if (input.ImportType === 'NEW_KEY_MATERIAL' && input.KeyMaterialId !== undefined) {
      throw new KmsError('ValidationException', 'A KeyMaterialId cannot be specified when the ImportType is NEW_KEY_MATERIAL.');
    }
    const service = ctx.service;
    const validTo = checkExpiry(input, service.now());
    const expirationModel = input.ExpirationModel ?? 'KEY_MATERIAL_EXPIRES';
    const { privateKey, algorithm } = await redeemImportToken(service, keyId, key.arn, input.ImportToken);
    const raw = unwrap(algorithm, privateKey, input.EncryptedKeyMaterial);
    let material: Buffer;
    try {
      material = normaliseImportedMaterial(keySpec, raw);
    } finally {
      raw.fill(0);
    }
    try {
      const materialId = await importedMaterialId(service, keyId, material);
      const commit = await committer(service);
      const done = await changeMaterial(service, keyId, 'ImportKeyMaterial', (record, materials) => {
        const now = service.now();
        const importType: ImportType = input.ImportType ?? (materials.length === 0 ? 'NEW_KEY_MATERIAL' : 'EXISTING_KEY_MATERIAL');
        // Compare with every known material, without stopping early: the time taken does not say which matched.
        let match: ImportedMaterialRecord | undefined;
        for (const m of materials) if (sameMaterialId(m.materialId, materialId) && !match) match = m;
        const facts = {
          imported: true, expirationModel, validTo, importedAt: now,
          description: input.KeyMaterialDescription ?? match?.description,
        };
        const versionRow = (version: number): KeyVersionRecord => ({
          keyId, version, materialId, createdAt: now, sealedMaterial: service.deps.barrier.seal(purpose.keyMaterial(keyId, version), material),
          commitment: commit(keyId, version, material),
        });
        if (importType === 'EXISTING_KEY_MATERIAL') {
          if (!match || (input.KeyMaterialId !== undefined && !sameMaterialId(input.KeyMaterialId, match.materialId))) throw notSameMaterial();
          const updated: ImportedMaterialRecord = { ...match, ...facts };
          const after = materials.map((m) => (m.version === match!.version ? updated : m));
          return {
            patch: { state: stateFor(record, after) },
            change: { upsert: [updated], addVersion: match.imported ? undefined : versionRow(match.version) },
            result: match,
          };
        }
        // NEW_KEY_MATERIAL
        if (materials.length > 0) {
          if (!symmetric) throw notSameMaterial(); // asymmetric and HMAC material can never change
          if (match) {
            throw new KmsError('IncorrectKeyMaterialException',
              `This key material (id: ${materialId}) is already associated with KMS key ${keyId}. Import it with ImportType EXISTING_KEY_MATERIAL.`);
          }
          if (record.state === 'PendingImport') throw new KmsError('KMSInvalidStateException', `${key.arn} is pending import.`);
          const pending = materials.find((m) => m.pendingRotation);
          if (pending) {
            throw new KmsError('KMSInvalidStateException',
              `New key material (id: ${materialId}) cannot be imported into KMS key ${keyId}, because another key material (id: ${pending.materialId}) is pending rotation.`);
          }
        }
        const version = Math.max(0, ...materials.map((m) => m.version)) + 1;
        const first = materials.length === 0;
        const created: ImportedMaterialRecord = { keyId, version, materialId, pendingRotation: !first, ...facts };
        const after = [...materials, created];
        return {
          patch: first ? { state: stateFor(record, after), currentVersion: version } : {},
          change: { upsert: [created], addVersion: versionRow(version) },
          result: created,
        };
      });
      const m = done!.result;
      ctx.used(key, m.version);
      ctx.audit.details.wrappingAlgorithm = algorithm;
      ctx.audit.details.expirationModel = expirationModel;
      ctx.audit.details.keyMaterialId = materialId;
      if (m.pendingRotation) ctx.audit.details.keyMaterialState = 'PENDING_ROTATION';
      return { KeyId: key.arn, KeyMaterialId: materialId };
    } finally {
      material.fill(0);
    }
  },
});
