// The port custom key stores need from an HSM (implemented over PKCS#11 in src/hsm/): log in to the token a
// CloudHsmClusterId names, generate a non-extractable AES-256 key inside it, run AES-GCM inside it, destroy the key.
import type { ExternalAead } from '../../crypto/aead.js';

/** AWS's ConnectionErrorCode values that a token can produce (API_CustomKeyStoresListEntry). */
export type ConnectionErrorCode = 'INVALID_CREDENTIALS' | 'CLUSTER_NOT_FOUND' | 'NETWORK_ERRORS' | 'INTERNAL_ERROR' |
  'INSUFFICIENT_CLOUDHSM_HSMS' | 'USER_LOCKED_OUT' | 'USER_LOGGED_IN';

export class ConnectFailure extends Error {
  constructor(readonly code: ConnectionErrorCode, message: string) {
    super(message);
    this.name = 'ConnectFailure';
  }
}

export interface CustomKeyStoreBackend {
  /** Whether the server is configured with a token for this CloudHsmClusterId. */
  hasCluster(clusterId: string): boolean;
  /** Logs in to the cluster's token as the crypto user; throws ConnectFailure. Idempotent for a connected store. */
  connect(storeId: string, clusterId: string, pin: string): void;
  disconnect(storeId: string): void;
  isConnected(storeId: string): boolean;
  /** Generates the key of a new KMS key inside the token; returns its object id (CKA_ID). */
  createKey(storeId: string, label: string): Buffer;
  /** AES-GCM with the token object: runs in the token; throws if the store is not connected on this node. */
  aead(storeId: string, objectId: Buffer): ExternalAead;
  /** Destroys the token object; false if it is not there. */
  destroyKey(storeId: string, objectId: Buffer): boolean;
  /** Random bytes from the token's generator (GenerateRandom with CustomKeyStoreId). */
  random(storeId: string, bytes: number): Buffer;
  /** Logs out of every token. */
  close(): void;
}
