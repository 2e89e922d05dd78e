// Destruction commitments: recorded when a key version is created, `hmac-sha256:<hex>` of the key id, version and
// material under a key derived (HKDF-SHA-256, RFC 5869, info "keyward destruction commitment v1") from a barrier-sealed
// service secret — so the database holds a binding to the material, never the material, and only the installation can
// compute it. The secret is sealed by the barrier like the other service secrets (barrier rotation re-seals it), so
// commitments made before a barrier rotation still check after it. A receipt carries the commitments of the versions
// it covers; before shredding, the scheduler checks the material it is about to search for against them.
import { createHmac, createSecretKey, hkdfSync, timingSafeEqual, type KeyObject } from 'node:crypto';
import { SEALED_META } from '../secrets/sealed-values.js';
import { serviceSecret } from '../secrets/service-secret.js';
import type { KmsService } from '../service.js';

export const COMMITMENT_LABEL = 'keyward destruction commitment v1';

const derived = new WeakMap<KmsService, Promise<KeyObject>>();

function commitmentKey(service: KmsService): Promise<KeyObject> {
  let key = derived.get(service);
  if (!key) {
    const { name, purpose } = SEALED_META.destructionCommitmentKey;
    key = serviceSecret(service, name, purpose).then((secret) => {
      const raw = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), COMMITMENT_LABEL, 32));
      const k = createSecretKey(raw);
      raw.fill(0);
      return k;
    });
    key.catch(() => derived.delete(service));
    derived.set(service, key);
  }
  return key;
}

/** A function computing commitments synchronously (so it can run inside a store callback), once the key is loaded. */
export async function committer(service: KmsService): Promise<(keyId: string, version: number, material: Buffer) => string> {
  const key = await commitmentKey(service);
  return (keyId, version, material) => {
    const h = createHmac('sha256', key);
    h.update(`${keyId}\n${version}\n`, 'utf8');
    h.update(material);
    return `hmac-sha256:${h.digest('hex')}`;
  };
}

/** Whether `material` is the material `commitment` was made for (constant time). */
export async function matchesCommitment(service: KmsService, keyId: string, version: number, material: Buffer, commitment: string): Promise<boolean> {
  const expected = Buffer.from((await committer(service))(keyId, version, material), 'utf8');
  const given = Buffer.from(commitment, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
