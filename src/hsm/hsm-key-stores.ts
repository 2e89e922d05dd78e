// Custom key stores over PKCS#11 (core/custom-key-stores/backend.ts): each CloudHsmClusterId the server is configured
// with (--hsm-clusters cluster-...=MODULE:TOKEN-LABEL) names a token; connecting a store logs in to it with the store's
// KeyStorePassword as the user PIN; keys are sensitive, non-extractable AES-256 token objects and AES-GCM runs in the
// token. docs/custom-key-stores.md describes the mapping onto AWS CloudHSM key stores.
import { randomBytes } from 'node:crypto';
import { ConnectFailure, type ConnectionErrorCode, type CustomKeyStoreBackend } from '../core/custom-key-stores/backend.js';
import type { ExternalAead } from '../crypto/aead.js';
import { TokenError, TokenSession, type TokenFailure, type TokenLocation } from './pkcs11-token.js';

/** Token failures as AWS's ConnectionErrorCode (API_CustomKeyStoresListEntry). */
const ERROR_CODES: Record<TokenFailure, ConnectionErrorCode> = {
  PIN_INCORRECT: 'INVALID_CREDENTIALS', PIN_LOCKED: 'USER_LOCKED_OUT', TOKEN_NOT_FOUND: 'INSUFFICIENT_CLOUDHSM_HSMS',
  MODULE_NOT_LOADED: 'CLUSTER_NOT_FOUND', DEVICE_ERROR: 'INTERNAL_ERROR',
};

export const CLUSTER_ID = /^cluster-[2-7a-zA-Z]{11,16}$/;

/** `cluster-...=MODULE:LABEL,cluster-...=MODULE:LABEL` → cluster id → token. */
export function parseHsmClusters(spec: string | undefined): Map<string, TokenLocation> {
  const out = new Map<string, TokenLocation>();
  for (const item of (spec ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = item.indexOf('=');
    const colon = item.lastIndexOf(':');
    const id = item.slice(0, eq);
    if (eq < 0 || colon < eq || !CLUSTER_ID.test(id)) throw new Error(`--hsm-clusters entries are cluster-<11-16 letters or 2-7>=MODULE:TOKEN-LABEL, got ${item}`);
    out.set(id, { module: item.slice(eq + 1, colon), tokenLabel: item.slice(colon + 1) });
  }
  return out;
}

export class Pkcs11KeyStores implements CustomKeyStoreBackend {
  private readonly sessions = new Map<string, TokenSession>();
  /** Object handles found per store (valid for the session's life): one C_FindObjects per key, not per request. */
  private readonly handles = new Map<string, Map<string, Buffer>>();

  constructor(private readonly clusters: ReadonlyMap<string, TokenLocation>) {}

  hasCluster(clusterId: string): boolean {
    return this.clusters.has(clusterId);
  }

  connect(storeId: string, clusterId: string, pin: string): void {
    if (this.sessions.has(storeId)) return;
    const at = this.clusters.get(clusterId);
    if (!at) throw new ConnectFailure('CLUSTER_NOT_FOUND', `no token is configured for ${clusterId}`);
    try {
      this.sessions.set(storeId, TokenSession.open(at, pin));
    } catch (err) {
      if (!(err instanceof TokenError)) throw err;
      throw new ConnectFailure(ERROR_CODES[err.failure], err.message);
    }
  }

  disconnect(storeId: string): void {
    this.sessions.get(storeId)?.close();
    this.sessions.delete(storeId);
    this.handles.delete(storeId);
  }

  isConnected(storeId: string): boolean {
    return this.sessions.has(storeId);
  }

  createKey(storeId: string, label: string): Buffer {
    const id = randomBytes(16);
    this.session(storeId).generateAesKey(label, id);
    return id;
  }

  aead(storeId: string, objectId: Buffer): ExternalAead {
    return {
      external: true,
      seal: (iv, plaintext, aad) => {
        const s = this.session(storeId);
        const out = s.gcmEncrypt(this.object(storeId, s, objectId), iv, plaintext, aad);
        return { ciphertext: out.subarray(0, out.length - 16), tag: out.subarray(out.length - 16) };
      },
      open: (iv, ciphertext, tag, aad) => {
        const s = this.session(storeId);
        return s.gcmDecrypt(this.object(storeId, s, objectId), iv, Buffer.concat([ciphertext, tag]), aad);
      },
    };
  }

  destroyKey(storeId: string, objectId: Buffer): boolean {
    const s = this.session(storeId);
    const handle = s.findKey(objectId);
    if (!handle) return false;
    s.destroyObject(handle);
    this.handles.get(storeId)?.delete(objectId.toString('hex'));
    return true;
  }

  random(storeId: string, bytes: number): Buffer {
    return this.session(storeId).random(bytes);
  }

  close(): void {
    for (const s of this.sessions.values()) s.close();
    this.sessions.clear();
    this.handles.clear();
  }

  private session(storeId: string): TokenSession {
    const s = this.sessions.get(storeId);
    if (!s) throw new TokenError('DEVICE_ERROR', `custom key store ${storeId} is not connected on this node`);
    return s;
  }

  /** The key's handle in this store's session, found by CKA_ID once. */
  private object(storeId: string, s: TokenSession, objectId: Buffer): Buffer {
    let byId = this.handles.get(storeId);
    if (!byId) this.handles.set(storeId, (byId = new Map()));
    const hex = objectId.toString('hex');
    let handle = byId.get(hex);
    if (!handle) {
      handle = s.findKey(objectId);
      if (!handle) throw new TokenError('DEVICE_ERROR', 'the key object is not in the token');
      byId.set(hex, handle);
    }
    return handle;
  }
}

