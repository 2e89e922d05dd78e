// Imported key material (Origin EXTERNAL): material identity, validation per key spec, the key state it implies,
// and the changes that import, delete, expire and rotate it — each one optimistic transaction on the store.
// https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys.html
import { createHmac, createPrivateKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { KeySpec } from '../../protocol/enums.js';
import { KmsError } from '../../protocol/errors.js';
import { keyNotFound, recordArn } from '../keys/arn.js';
import { epochSeconds } from '../keys/key-metadata.js';
import { materialKeyObject } from '../keys/key-material.js';
import { checkKeyState, type KeyAccess, type KeyState } from '../keys/key-state-table.js';
import type { ImportedMaterialRecord, KeyRecord } from '../model.js';
import type { ImportedMaterialChange } from '../ports.js';
import type { KmsService } from '../service.js';
import { serviceSecret } from '../secrets/service-secret.js';
import { SEALED_META } from '../secrets/sealed-values.js';

const MAX_ATTEMPTS = 20;
const { name: ID_KEY_META, purpose: ID_KEY_PURPOSE } = SEALED_META.importMaterialIdKey;

/** The key specs whose material can be imported (SM2 and ML-DSA cannot, in Keyward). */
export function importableSpec(spec: KeySpec): boolean {
  return spec === 'SYMMETRIC_DEFAULT' || spec.startsWith('HMAC_') || spec.startsWith('RSA_') || spec.startsWith('ECC_');
}

/** AWS's message for an import operation on a key that cannot have imported material. */
export function originNotExternal(arn: string, origin: string): KmsError {
  return new KmsError('UnsupportedOperationException', `${arn} origin is ${origin} which is not valid for this operation.`);
}

/** The service-wide key of material identities (src/core/secrets/service-secret.ts): every node computes the same ids. */
const materialIdKey = (service: KmsService) => serviceSecret(service, ID_KEY_META, ID_KEY_PURPOSE);

/**
 * The KeyMaterialId of imported material: HMAC-SHA-256 of the key id and the material under the service's
 * material-id key. Deterministic (as in AWS, "based on the KMS key ID and the imported key material"), so re-imported
 * material is recognised by comparing ids, and it reveals nothing about the material without the sealed key.
 */
export async function importedMaterialId(service: KmsService, keyId: string, material: Buffer): Promise<string> {
  const h = createHmac('sha256', await materialIdKey(service));
  h.update(`keyward:imported-material-id:v1\0${keyId}\0`);
  h.update(material);
  return h.digest('hex');
}

/** Constant-time comparison of two 64-hex-digit material ids. */
export function sameMaterialId(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** HMAC key lengths AWS accepts for imported material, in bytes (min, max). */
const HMAC_LENGTHS: Partial<Record<KeySpec, [number, number]>> = {
  HMAC_224: [28, 64], HMAC_256: [32, 64], HMAC_384: [48, 128], HMAC_512: [64, 128],
};
const EC_CURVES: Partial<Record<KeySpec, string>> = {
  ECC_NIST_P256: 'prime256v1', ECC_NIST_P384: 'secp384r1', ECC_NIST_P521: 'secp521r1', ECC_SECG_P256K1: 'secp256k1',
};

function incorrect(message: string): KmsError {
  return new KmsError('IncorrectKeyMaterialException', message);
}

/**
 * Checks unwrapped material against the key spec and returns it in Keyward's stored form: raw bytes for symmetric
 * and HMAC keys, PKCS#8 DER (re-encoded) for asymmetric keys. The result also has to load with materialKeyObject,
 * so what is stored is exactly what the key's operations can use.
 */
export function normaliseImportedMaterial(spec: KeySpec, raw: Buffer): Buffer {
  let out: Buffer;
  if (spec === 'SYMMETRIC_DEFAULT') {
    if (raw.length !== 32) throw incorrect('Symmetric key material must be 256 bits (32 bytes).');
    out = Buffer.from(raw);
  } else if (HMAC_LENGTHS[spec]) {
    const [min, max] = HMAC_LENGTHS[spec]!;
    if (raw.length < min || raw.length > max) throw incorrect(`${spec} key material must be ${min} to ${max} bytes.`);
    out = Buffer.from(raw);
  } else {
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: raw, format: 'der', type: 'pkcs8' });
    } catch {
      throw incorrect(`${spec} key material must be a PKCS#8 DER private key.`);
    }
    const d = key.asymmetricKeyDetails ?? {};
    const ok = spec.startsWith('RSA_')
      ? key.asymmetricKeyType === 'rsa' && d.modulusLength === Number(spec.slice(4))
      : spec === 'ECC_NIST_EDWARDS25519'
        ? key.asymmetricKeyType === 'ed25519'
        : key.asymmetricKeyType === 'ec' && EC_CURVES[spec] !== undefined && d.namedCurve === EC_CURVES[spec];
    if (!ok) throw incorrect(`The key material is not a ${spec} private key.`);
    out = key.export({ format: 'der', type: 'pkcs8' });
  }
  try {
    materialKeyObject(spec, out);
  } catch {
    out.fill(0);
    throw incorrect(`Key material for ${spec} cannot be used by this Keyward server.`);
  }
  return out;
}

/** The key state that a key's imported materials imply (PendingDeletion, Disabled are kept). */
export function stateFor(record: KeyRecord, materials: ImportedMaterialRecord[]): KeyState {
  if (record.state === 'PendingDeletion' || record.state === 'PendingReplicaDeletion') return record.state;
  const active = materials.filter((m) => !m.pendingRotation);
  if (active.length === 0 || active.some((m) => !m.imported)) return 'PendingImport';
  return record.state === 'PendingImport' ? 'Enabled' : record.state;
}

/** ExpirationModel and ValidTo for KeyMetadata (EXTERNAL keys with material): the earliest expiry of any material. */
export function importedMetadataFields(materials: ImportedMaterialRecord[]): Record<string, unknown> {
  const active = materials.filter((m) => !m.pendingRotation);
  if (active.length === 0) return {};
  const expiring = active.filter((m) => m.expirationModel === 'KEY_MATERIAL_EXPIRES' && m.validTo !== undefined);
  if (expiring.length === 0) return { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' };
  return { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: epochSeconds(Math.min(...expiring.map((m) => m.validTo!))) };
}

/** KeyMetadata's import fields for any key (empty unless Origin is EXTERNAL). */
export async function importedKeyMetadata(service: KmsService, record: KeyRecord): Promise<Record<string, unknown>> {
  if (record.origin !== 'EXTERNAL') return {};
  return importedMetadataFields(await service.store.getImportedMaterials(record.keyId));
}

/** What one planned change writes: the key-record fields, the store change, and a result for the caller. */
export interface MaterialPlan<T> {
  patch: Partial<KeyRecord>;
  change: ImportedMaterialChange;
  result: T;
}

/**
 * Applies a change to a key's imported material under the key's revision: re-reads the key and its materials and
 * re-plans when another writer got there first. `plan` returns undefined for "nothing to do".
 */
export async function changeMaterial<T>(
  service: KmsService, keyId: string, access: KeyAccess | undefined,
  plan: (record: KeyRecord, materials: ImportedMaterialRecord[]) => MaterialPlan<T> | undefined,
): Promise<{ record: KeyRecord; result: T } | undefined> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await service.store.getKey(keyId);
    if (!current) throw keyNotFound(service.scope, keyId);
    if (access) checkKeyState(access, current.state, recordArn(current));
    const materials = await service.store.getImportedMaterials(keyId);
    const p = plan(current, materials);
    if (!p) return undefined;
    const next: KeyRecord = { ...current, ...p.patch, revision: current.revision + 1 };
    if (await service.store.changeImportedMaterial(next, current.revision, p.change)) {
      service.keys.invalidate(keyId);
      return { record: next, result: p.result };
    }
  }
  throw new KmsError('ThrottlingException', 'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.');
}

/**
 * Plans the removal of one material: pending-rotation material (never used) is forgotten; any other material is
 * shredded and remembered (so it can be imported again), which leaves the key PendingImport.
 */
export function planDelete(record: KeyRecord, materials: ImportedMaterialRecord[], target: ImportedMaterialRecord): MaterialPlan<string> {
  if (target.pendingRotation) {
    return { patch: {}, change: { dropImports: [target.version], shredVersions: [target.version] }, result: target.materialId };
  }
  const updated: ImportedMaterialRecord = { ...target, imported: false };
  const after = materials.map((m) => (m.version === target.version ? updated : m));
  return {
    patch: { state: stateFor(record, after) },
    change: { upsert: [updated], shredVersions: [target.version] },
    result: target.materialId,
  };
}

/**
 * The scheduler's job for material whose ValidTo has come: the material is shredded and the key returns to
 * PendingImport (unless PendingDeletion). Returns the key as stored afterwards, or undefined if there was nothing
 * to do (re-imported with a later ValidTo, deleted meanwhile, key gone).
 */
export async function expireImportedMaterial(
  service: KmsService, due: ImportedMaterialRecord,
): Promise<{ record: KeyRecord; materialId: string } | undefined> {
  try {
    const done = await changeMaterial(service, due.keyId, undefined, (record, materials) => {
      const m = materials.find((x) => x.version === due.version);
      if (!m || !m.imported || m.validTo === undefined || m.validTo > service.now()) return undefined;
      return planDelete(record, materials, m);
    });
    return done && { record: done.record, materialId: done.result };
  } catch (err) {
    if (err instanceof KmsError && err.code === 'NotFoundException') return undefined; // the key was deleted meanwhile
    throw err;
  }
}

/**
 * RotateKeyOnDemand for an EXTERNAL symmetric key: the material imported as PENDING_ROTATION becomes current.
 * Returns the new current version.
 */
export async function rotateToImportedMaterial(service: KmsService, keyId: string, arn: string): Promise<number> {
  const done = await changeMaterial(service, keyId, 'RotateKeyOnDemand', (_record, materials) => {
    const pending = materials.find((m) => m.pendingRotation && m.imported);
    if (!pending) throw new KmsError('KMSInvalidStateException', `No available key material pending rotation for the key: ${arn}.`);
    return {
      patch: { currentVersion: pending.version },
      change: { upsert: [{ ...pending, pendingRotation: false }], rotateTo: { version: pending.version, at: service.now() } },
      result: pending.version,
    };
  });
  return done!.result;
}
