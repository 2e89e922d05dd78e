// Service-wide secrets: 32 random bytes, barrier-sealed in the store's meta table under a name. The first node to start
// stores its value (initMeta keeps the first write), so every node derives the same results; each service caches the
// unsealed KeyObject. Used for grant tokens and imported-material ids.
import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import type { KmsService } from '../service.js';

const cache = new WeakMap<KmsService, Map<string, Promise<KeyObject>>>();

/** The secret stored as meta `name`, sealed with the barrier under `purpose` (the AAD: a sealed value cannot be swapped). */
export function serviceSecret(service: KmsService, name: string, purpose: string): Promise<KeyObject> {
  let keys = cache.get(service);
  if (!keys) cache.set(service, (keys = new Map()));
  let key = keys.get(name);
  if (!key) {
    key = (async () => {
      const fresh = randomBytes(32);
      const sealed = service.deps.barrier.seal(purpose, fresh);
      fresh.fill(0);
      const stored = await service.store.initMeta(name, sealed.toString('base64'));
      const raw = await service.deps.barrier.openFresh(purpose, Buffer.from(stored, 'base64'));
      const k = createSecretKey(raw);
      raw.fill(0);
      return k;
    })();
    key.catch(() => keys.delete(name)); // a failed start (e.g. the store is down) is retried on the next use
    keys.set(name, key);
  }
  return key;
}
