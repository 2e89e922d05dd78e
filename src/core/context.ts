// The per-request context an operation runs in. Its key() is the only way an operation reaches a key, so
// resolution (id, ARN, alias), the key-state table and authorisation are applied to every key access, and
// the audit record learns which key and version were used.
import { KmsError } from '../protocol/errors.js';
import { aliasArn, aliasNotFound, keyArn, keyNotFound, parseKeyRef, type IdForms } from './keys/arn.js';
import { AWS_MANAGED_ACCESS, awsManagedRefusal, awsManagedService, createAwsManagedKey } from './keys/aws-managed.js';
import type { CachedKey, VersionMaterial } from './keys/key-cache.js';
import { checkKeyState, type KeyAccess, type KeyState } from './keys/key-state-table.js';
import type { KeyRecord } from './model.js';
import type { KmsService, Principal } from './service.js';

/** A key as an operation sees it: its record, ARN and material. */
export interface UsableKey {
  record: KeyRecord;
  arn: string;
  current(): VersionMaterial;
  version(v: number): VersionMaterial | undefined;
}

export interface AuditFacts {
  keyArn?: string;
  keyVersion?: number;
  details: Record<string, unknown>;
}

export class OperationContext {
  readonly audit: AuditFacts = { details: {} };

  constructor(
    readonly service: KmsService,
    readonly principal: Principal,
    readonly requestId: string,
  ) {}

  /** Resolves a KeyId parameter, applies the key-state table for `access`, authorises, and returns the key. */
  async key(raw: string, access: KeyAccess, forms: IdForms = 'any'): Promise<UsableKey> {
    // Key ids and cached keys are taken without awaiting: each await is a microtask hop on every request.
    const ref = parseKeyRef(raw, forms, this.service.scope);
    const keyId = ref.kind === 'key' ? ref.keyId : await this.aliasKeyId(ref.aliasName);
    const entry = this.service.keys.cached(keyId) ?? (await this.service.keys.get(keyId));
    if (!entry) throw keyNotFound(this.service.scope, keyId);
    return this.admit(entry, access, await this.customKeyStoreState(entry));
  }

  /** The key named inside a ciphertext: a missing key is a ciphertext failure, not a NotFound (no oracle). */
  async keyFromCiphertext(keyId: string, access: KeyAccess): Promise<UsableKey> {
    const entry = this.service.keys.cached(keyId) ?? (await this.service.keys.get(keyId));
    if (!entry) throw new KmsError('InvalidCiphertextException');
    return this.admit(entry, access, await this.customKeyStoreState(entry));
  }

  /** A custom key store's key is Unavailable while its store cannot be used (core/custom-key-stores). */
  private async customKeyStoreState(entry: CachedKey): Promise<KeyState | undefined> {
    const storeId = entry.record.customKeyStoreId;
    return storeId === undefined ? undefined : this.service.customKeyStores.effectiveState(storeId, entry.record.state);
  }

  /** Turns any accepted identifier form into a key id (aliases are looked up). */
  async resolveKeyId(raw: string, forms: IdForms): Promise<string> {
    const ref = parseKeyRef(raw, forms, this.service.scope);
    return ref.kind === 'key' ? ref.keyId : this.aliasKeyId(ref.aliasName);
  }

  private async aliasKeyId(aliasName: string): Promise<string> {
    const target = await this.service.keys.aliasTarget(aliasName);
    if (target !== undefined) return target;
    // A predefined alias/aws/<service> with no key yet: AWS creates the AWS-managed key on first use.
    const service = awsManagedService(aliasName);
    if (service === undefined) throw aliasNotFound(aliasArn(this.service.scope, aliasName));
    const { keyId, created } = await createAwsManagedKey(this.service, aliasName, service);
    if (created) this.audit.details.awsManagedKeyCreated = aliasName;
    return keyId;
  }

  /** Records which key (and version) this request used, for the audit record. */
  used(key: UsableKey, version?: number): void {
    this.audit.keyArn = key.arn;
    if (version !== undefined) this.audit.keyVersion = version;
  }

  /** DryRun: every check has passed, so say the request would have succeeded. */
  dryRun(flag: boolean | undefined): void {
    if (flag) throw new KmsError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
  }

  private admit(entry: CachedKey, access: KeyAccess, state?: KeyState): UsableKey {
    const record = state === undefined || state === entry.record.state ? entry.record : { ...entry.record, state };
    const arn = keyArn(this.service.scope, record.keyId);
    if (this.audit.keyArn === undefined) this.audit.keyArn = arn;
    this.service.deps.authorizer.authorize(this.principal, `kms:${access}`, arn); // before state: no oracle
    if (record.keyManager === 'AWS' && AWS_MANAGED_ACCESS[access] === 'deny') throw awsManagedRefusal(this.principal, access, arn);
    checkKeyState(access, record.state, arn);
    return {
      record,
      arn,
      current: () => entry.versions.get(record.currentVersion)!,
      version: (v) => entry.versions.get(v),
    };
  }
}
