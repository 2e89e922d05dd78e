// Every kind of barrier-sealed value the store holds, with the AAD purpose that opens it, as one table: barrier
// rotation (barrier-rotation.ts) re-seals each of them under the new term, backups carry them sealed, and a test checks
// that every sealed column of the schema is listed here. A new sealed column needs a row here and in
// src/store/sealed-columns.ts.
import { purpose } from './barrier.js';

/** Service-wide secrets sealed into meta rows (name → purpose), base64 text. */
export const SEALED_META = {
  grantTokenKey: { name: 'grant-token-key', purpose: 'keyward:grant-token-key:v1' },
  importMaterialIdKey: { name: 'import-material-id-key', purpose: 'keyward:import-material-id-key:v1' },
  auditCheckpointKey: { name: 'audit_checkpoint_private_key', purpose: 'keyward:audit-checkpoint-key:v1' },
  stsSessionKey: { name: 'sts-session-key', purpose: 'keyward:sts-session-key:v1' },
  auditHmacKey: { name: 'audit-hmac-key', purpose: 'keyward:audit-hmac' },
  destructionCommitmentKey: { name: 'destruction-commitment-key', purpose: 'keyward:destruction-commitment-key:v1' },
} as const;

const META_PURPOSES: ReadonlyMap<string, string> = new Map(Object.values(SEALED_META).map((m) => [m.name, m.purpose]));

/** The sealed private key of an import token (core/import/import-token.ts). */
export const tokenPurpose = (keyId: string, tokenHash: string) => `keyward:import-wrapping-key:v1:${keyId}:${tokenHash}`;

export const customKeyStorePasswordPurpose = (storeId: string) => `keyward:custom-key-store-password:v1:${storeId}`;

/** Kind → the purpose of a value, from its row's identifying columns (in the order src/store/sealed-columns.ts lists). */
export const SEALED_KINDS = {
  keyMaterial: (id: string[]) => purpose.keyMaterial(id[0]!, Number(id[1])),
  accessKeySecret: (id: string[]) => purpose.accessKeySecret(id[0]!),
  importWrappingKey: (id: string[]) => tokenPurpose(id[1]!, id[0]!),
  serviceSecret: (id: string[]) => {
    const p = META_PURPOSES.get(id[0]!);
    if (p === undefined) throw new Error(`meta ${id[0]} is not a sealed service secret`);
    return p;
  },
  customKeyStorePassword: (id: string[]) => customKeyStorePasswordPurpose(id[0]!),
} as const satisfies Record<string, (id: string[]) => string>;

export type SealedKind = keyof typeof SEALED_KINDS;
export const SEALED_KIND_NAMES = Object.keys(SEALED_KINDS) as SealedKind[];
export const SEALED_META_NAMES: readonly string[] = [...META_PURPOSES.keys()];
