// The service side of custom key stores: their connection state (read from the store at most once a second, so a
// disconnect on one node reaches every node within a second), this node's token session for each connected store
// (opened on first use with the barrier-sealed KeyStorePassword), and the effective key state of their keys.
import type { Store } from '../ports.js';
import type { Barrier } from '../secrets/barrier.js';
import { customKeyStorePasswordPurpose } from '../secrets/sealed-values.js';
import type { KeyState } from '../keys/key-state-table.js';
import { ConnectFailure, type CustomKeyStoreBackend } from './backend.js';
import type { CustomKeyStoreRecord } from './custom-key-store-store.js';

const STATE_TTL_MS = 1_000;

export class CustomKeyStores {
  private readonly cache = new Map<string, { record: CustomKeyStoreRecord | undefined; at: number }>();

  constructor(private readonly store: Store, private readonly barrier: Barrier, readonly backend: CustomKeyStoreBackend) {}

  /** The store's record, at most a second old. */
  async record(id: string): Promise<CustomKeyStoreRecord | undefined> {
    const hit = this.cache.get(id);
    if (hit && Date.now() - hit.at < STATE_TTL_MS) return hit.record;
    const record = await this.store.customKeyStores.getCustomKeyStore(id);
    this.remember(id, record);
    return record;
  }

  /** After this node changed a store: its own requests see the change at once. */
  remember(id: string, record: CustomKeyStoreRecord | undefined): void {
    this.cache.set(id, { record, at: Date.now() });
    if (record?.connectionState !== 'CONNECTED') this.backend.disconnect(id); // another node may have disconnected it
  }

  /** Whether keys of the store can be used on this node now: CONNECTED, and this node holds a session to its token. */
  async usable(id: string): Promise<boolean> {
    const r = await this.record(id);
    if (r?.connectionState !== 'CONNECTED') return false;
    if (this.backend.isConnected(id)) return true;
    try {
      await this.openSession(r);
      return true;
    } catch (err) {
      if (err instanceof ConnectFailure) return false; // this node cannot reach the token: its keys are unavailable here
      throw err;
    }
  }

  /** A key's state as clients see it: Unavailable while its store cannot be used (PendingDeletion stays). */
  async effectiveState(storeId: string, stored: KeyState): Promise<KeyState> {
    if (stored === 'PendingDeletion') return stored;
    return (await this.usable(storeId)) ? stored : 'Unavailable';
  }

  /** Logs in to the store's token with its KeyStorePassword; throws ConnectFailure. */
  async openSession(r: CustomKeyStoreRecord): Promise<void> {
    const pin = await this.barrier.openFresh(customKeyStorePasswordPurpose(r.customKeyStoreId), r.sealedPassword);
    try {
      this.backend.connect(r.customKeyStoreId, r.clusterId, pin.toString('utf8'));
    } finally {
      pin.fill(0);
    }
  }
}
