// The store port of custom key stores (implemented by src/store/{sqlite,postgres}/custom-key-store-store.ts).
import type { Page } from '../ports.js';

export const CONNECTION_STATES = ['CONNECTED', 'CONNECTING', 'FAILED', 'DISCONNECTED', 'DISCONNECTING'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

/** One AWS_CLOUDHSM custom key store: a configured PKCS#11 token and the crypto user's PIN (barrier-sealed). */
export interface CustomKeyStoreRecord {
  customKeyStoreId: string;
  name: string;
  clusterId: string;
  trustAnchor: string;
  /** The KeyStorePassword (the token user's PIN), barrier-sealed. */
  sealedPassword: Buffer;
  connectionState: ConnectionState;
  connectionErrorCode?: string | undefined;
  createdAt: number;
  revision: number;
}

export interface CustomKeyStoreStore {
  /** Throws StoreConflictError when the name is taken. */
  createCustomKeyStore(r: CustomKeyStoreRecord): Promise<void>;
  getCustomKeyStore(id: string): Promise<CustomKeyStoreRecord | undefined>;
  findCustomKeyStoreByName(name: string): Promise<CustomKeyStoreRecord | undefined>;
  /** In creation order. */
  listCustomKeyStores(limit: number, after?: string): Promise<Page<CustomKeyStoreRecord>>;
  /** Compare-and-set on revision (next.revision = expected + 1); StoreConflictError when the new name is taken. */
  updateCustomKeyStore(next: CustomKeyStoreRecord, expectedRevision: number): Promise<boolean>;
  /** Deletes it if its revision is still `expectedRevision` and no key (of any state) belongs to it. */
  deleteCustomKeyStore(id: string, expectedRevision: number): Promise<'deleted' | 'changed' | 'has-keys'>;
  /** How many keys (of any state) live in the store. */
  countCustomKeyStoreKeys(id: string): Promise<number>;
}
