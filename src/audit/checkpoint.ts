// Signed audit checkpoints: from time to time the lease holder signs the audit head (seq, chain hash) with an
// installation-wide Ed25519 key whose private half is barrier-sealed, so someone who can write the database but does
// not hold the root of trust cannot forge a checkpoint, and an audit log cut below a checkpoint is detected
// (after CloudTrail's signed digest files; docs/storage.md "Audit checkpoints").
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { Scope } from '../core/keys/arn.js';
import type { AuditCheckpoint } from '../core/model.js';
import type { ScheduledJob } from '../core/lifecycle/scheduler.js';
import type { KmsService } from '../core/service.js';
import type { InstallationSigner } from '../core/ports.js';
import { SEALED_META } from '../core/secrets/sealed-values.js';

/** A new checkpoint is written once the head moved and this long has passed (service clock) since the last one. */
export const CHECKPOINT_INTERVAL_MS = 60_000;

/** Meta names: the sealed private key (PKCS#8 DER, base64) and the public key in clear (DER SPKI, base64). */
export const CHECKPOINT_PRIVATE_KEY_META = SEALED_META.auditCheckpointKey.name;
export const CHECKPOINT_PUBLIC_KEY_META = 'audit_checkpoint_public_key';
/** The barrier AAD of the sealed private key: it opens only as this and nothing else. */
const PRIVATE_KEY_PURPOSE = SEALED_META.auditCheckpointKey.purpose;

export const STATEMENT_PREFIX = 'keyward-audit-checkpoint:v1';

/**
 * The exact bytes signed: UTF-8 of `keyward-audit-checkpoint:v1`, account id, Region, seq (decimal), hash (64 lowercase
 * hex), time (epoch ms, decimal), joined by '\n', no trailing newline. The account and Region bind a checkpoint to one
 * installation; the version prefix keeps these bytes from ever meaning anything else signed by an Ed25519 key.
 */
export function checkpointStatement(scope: Scope, cp: Pick<AuditCheckpoint, 'seq' | 'hash' | 'time'>): Buffer {
  for (const n of [cp.seq, cp.time]) if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('seq and time must be non-negative integers');
  if (!/^[0-9a-f]{64}$/.test(cp.hash)) throw new RangeError('hash must be 64 lowercase hex digits');
  if (/\n/.test(scope.accountId + scope.region)) throw new RangeError('account id and Region cannot contain newlines');
  return Buffer.from([STATEMENT_PREFIX, scope.accountId, scope.region, cp.seq, cp.hash, cp.time].join('\n'), 'utf8');
}

export function signCheckpoint(key: KeyObject, scope: Scope, cp: Pick<AuditCheckpoint, 'seq' | 'hash' | 'time'>): AuditCheckpoint {
  return { seq: cp.seq, hash: cp.hash, time: cp.time, signature: sign(null, checkpointStatement(scope, cp), key).toString('hex') };
}

/** Whether the checkpoint's signature is valid under `publicKey`; false (never a throw) for malformed rows. */
export function verifyCheckpoint(publicKey: KeyObject, scope: Scope, cp: AuditCheckpoint): boolean {
  if (!/^[0-9a-f]{128}$/.test(cp.signature)) return false;
  try {
    return verify(null, checkpointStatement(scope, cp), publicKey, Buffer.from(cp.signature, 'hex'));
  } catch {
    return false;
  }
}

/** An Ed25519 public key from PEM or DER SPKI bytes; throws if it is anything else. */
export function parseCheckpointPublicKey(bytes: Buffer): KeyObject {
  const text = bytes.toString('latin1');
  const key = text.includes('-----BEGIN') ? createPublicKey(text) : createPublicKey({ key: bytes, format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`not an Ed25519 public key (${key.asymmetricKeyType})`);
  return key;
}

export const spkiDer = (key: KeyObject): Buffer => key.export({ format: 'der', type: 'spki' });

const signers = new WeakMap<KmsService, Promise<KeyObject>>();

/**
 * The installation's checkpoint-signing key, created on first use: the first node to store its sealed private key
 * wins (initMeta), every node then derives the public key from the stored private key, so all agree. A public key in
 * meta that does not match the sealed private key means the meta table was tampered with: refuse to sign.
 */
export function checkpointSigningKey(service: KmsService): Promise<KeyObject> {
  let key = signers.get(service);
  if (!key) {
    key = loadOrCreate(service);
    key.catch(() => signers.delete(service)); // retried on the next tick
    signers.set(service, key);
  }
  return key;
}

async function loadOrCreate(service: KmsService): Promise<KeyObject> {
  const { store, barrier } = service.deps;
  let sealed = await store.getMeta(CHECKPOINT_PRIVATE_KEY_META);
  if (sealed === undefined) {
    const der = generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' });
    sealed = await store.initMeta(CHECKPOINT_PRIVATE_KEY_META, barrier.seal(PRIVATE_KEY_PURPOSE, der).toString('base64'));
    der.fill(0);
  }
  const der = await barrier.openFresh(PRIVATE_KEY_PURPOSE, Buffer.from(sealed, 'base64'));
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  der.fill(0);
  const publicB64 = spkiDer(createPublicKey(privateKey)).toString('base64');
  if ((await store.initMeta(CHECKPOINT_PUBLIC_KEY_META, publicB64)) !== publicB64) {
    throw new Error('the audit checkpoint public key in the store does not match the sealed private key: not signing');
  }
  return privateKey;
}

/**
 * The scheduler's checkpoint job: signs and stores the audit head if it moved since the last checkpoint and the
 * interval has passed. Off the request path (it only reads the head); a conditional insert, so nodes racing on the
 * same head store one checkpoint. Returns the checkpoint written, if any.
 */
export async function writeCheckpoint(service: KmsService): Promise<AuditCheckpoint | undefined> {
  const key = await checkpointSigningKey(service); // also creates the key pair on a new installation
  const now = service.now();
  const last = await service.store.lastAuditCheckpoint();
  if (last && now - last.time < CHECKPOINT_INTERVAL_MS) return undefined;
  const head = await service.store.lastAudit();
  if (!head || (last && head.seq <= last.seq)) return undefined;
  const cp = signCheckpoint(key, service.scope, { seq: head.seq, hash: head.hash, time: now });
  return (await service.store.addAuditCheckpoint(cp)) ? cp : undefined;
}

/**
 * The scheduler job signing the audit head when a checkpoint is due; it runs last, so it covers the system records the
 * other jobs just wrote. Best effort: a failure is reported and retried on the next tick.
 */
export const checkpointJob: ScheduledJob = {
  name: 'audit checkpoint',
  bestEffort: true,
  async run(service) {
    return (await writeCheckpoint(service)) ? 1 : 0;
  },
};

/**
 * The installation's signer for statements other than checkpoints (destruction receipts, core/destruction): the same
 * Ed25519 key, so `keyward audit public-key` prints the key that verifies them; each statement kind starts with its own
 * version prefix, so no signed statement can be taken for another.
 */
export function installationSigner(service: () => KmsService): InstallationSigner {
  return {
    async publicKey() {
      return spkiDer(createPublicKey(await checkpointSigningKey(service()))).toString('base64');
    },
    async sign(statement) {
      return sign(null, statement, await checkpointSigningKey(service())).toString('hex');
    },
  };
}
