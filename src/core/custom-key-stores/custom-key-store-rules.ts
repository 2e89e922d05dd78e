// What the six custom key store operations share: identifiers, the input fields of the model, AWS's errors, the
// list entry, and compare-and-set changes of a store record. https://docs.aws.amazon.com/kms/latest/APIReference/
// (API_CreateCustomKeyStore ... API_CustomKeyStoresListEntry); Keyward's mapping in docs/custom-key-stores.md.
import { randomBytes, X509Certificate } from 'node:crypto';
import { KmsError } from '../../protocol/errors.js';
import type { Field } from '../../protocol/shape.js';
import { epochSeconds } from '../keys/key-metadata.js';
import type { KmsService } from '../service.js';
import type { CustomKeyStoreRecord } from './custom-key-store-store.js';

export const CUSTOM_KEY_STORE_TYPES = ['AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'] as const;
/** AWS's quota: 10 custom key stores per account and Region. */
export const MAX_CUSTOM_KEY_STORES = 10;

export const CKS_FIELDS = {
  id: (required = true): Field => ({ t: 'string', required, min: 1, max: 64 }),
  name: (required = true): Field => ({ t: 'string', required, min: 1, max: 256 }),
  clusterId: (): Field => ({ t: 'string', min: 19, max: 24, pattern: /cluster-[2-7a-zA-Z]{11,16}/ }),
  trustAnchor: (): Field => ({ t: 'string', min: 1, max: 5000 }),
  password: (): Field => ({ t: 'string', min: 7, max: 32, sensitive: true }),
};

/** `cks-` and 17 hex digits, as AWS's ids look (cks-1234567890abcdef0). */
export const newCustomKeyStoreId = (): string => `cks-${randomBytes(9).toString('hex').slice(0, 17)}`;

export const notFound = (id: string) => new KmsError('CustomKeyStoreNotFoundException', `Custom key store ${id} does not exist.`);

export function invalidState(r: CustomKeyStoreRecord, needs: string): KmsError {
  return new KmsError('CustomKeyStoreInvalidStateException',
    `Custom key store ${r.customKeyStoreId} is ${r.connectionState}; this operation requires it to be ${needs}.`);
}

export async function findStore(service: KmsService, id: string): Promise<CustomKeyStoreRecord> {
  const r = await service.store.customKeyStores.getCustomKeyStore(id);
  if (!r) throw notFound(id);
  return r;
}

/** The PEM certificate AWS asks for; Keyward records it (and checks it is one), it cannot ask a token for its own. */
export function checkTrustAnchor(pem: string): void {
  try {
    new X509Certificate(pem);
  } catch {
    throw new KmsError('IncorrectTrustAnchorException', 'The trust anchor certificate in the request is not a valid X.509 certificate in PEM format.');
  }
}

/** Writes `change(r)` under the record's revision; the cache of this node learns it at once. Retries a lost race. */
export async function changeStore(
  service: KmsService, id: string, change: (r: CustomKeyStoreRecord) => Partial<CustomKeyStoreRecord> | undefined,
): Promise<CustomKeyStoreRecord> {
  for (;;) {
    const r = await findStore(service, id);
    const patch = change(r);
    if (!patch) return r;
    const next = { ...r, ...patch, revision: r.revision + 1 };
    if (await service.store.customKeyStores.updateCustomKeyStore(next, r.revision)) {
      service.customKeyStores.remember(id, next);
      return next;
    }
  }
}

export function listEntry(r: CustomKeyStoreRecord): Record<string, unknown> {
  return {
    CustomKeyStoreId: r.customKeyStoreId, CustomKeyStoreName: r.name, CloudHsmClusterId: r.clusterId,
    TrustAnchorCertificate: r.trustAnchor, ConnectionState: r.connectionState,
    ...(r.connectionState === 'FAILED' && r.connectionErrorCode ? { ConnectionErrorCode: r.connectionErrorCode } : {}),
    CreationDate: epochSeconds(r.createdAt), CustomKeyStoreType: 'AWS_CLOUDHSM',
  };
}

/** External key stores need an XKS proxy, which Keyward does not speak (docs/compatibility.md). */
export function refuseExternalKeyStore(): never {
  throw new KmsError('UnsupportedOperationException', 'Custom key stores of type EXTERNAL_KEY_STORE are not supported by this Keyward server; use AWS_CLOUDHSM (a PKCS#11 token).');
}
