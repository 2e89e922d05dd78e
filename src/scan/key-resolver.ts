// Confirms each key id the detectors found with the server and turns it into the key's ARN and newest version. This is
// the scan's last defence against noise: a header-shaped accident names a random 128-bit id no server knows, or a
// version the key never had; such candidates are reported apart (unresolved), never in the inventory.

/** What the scan needs to know of a key (DescribeKey and ListKeyVersions through the caller's session). */
export interface KeyDirectory {
  /** The key's ARN and newest version, or null if the server does not know the key id. */
  lookup(keyId: string): Promise<{ arn: string; newestVersion: number } | null>;
}

export type Resolution =
  | { ok: true; arn: string; newestVersion: number }
  | { ok: false; reason: string };

export class KeyResolver {
  private readonly cache = new Map<string, Promise<{ arn: string; newestVersion: number } | null>>();
  constructor(private readonly directory: KeyDirectory) {}

  async resolve(keyId: string, keyVersion: number, arnHint?: string): Promise<Resolution> {
    let pending = this.cache.get(keyId);
    if (!pending) {
      pending = this.directory.lookup(keyId);
      this.cache.set(keyId, pending);
    }
    const key = await pending;
    if (!key) return { ok: false, reason: 'no key with this id on the server (deleted, another installation, or not a ciphertext)' };
    if (keyVersion > key.newestVersion) return { ok: false, reason: `the key has no version ${keyVersion} (newest ${key.newestVersion})` };
    if (arnHint !== undefined && arnHint !== key.arn) return { ok: false, reason: `the message names ${arnHint}, but the server's key is ${key.arn}` };
    return { ok: true, arn: key.arn, newestVersion: key.newestVersion };
  }
}
