// The per-request context an operation runs in. Its key() is the only way an operation reaches a key, so
// resolution (id, ARN, alias), the key-state table and authorisation are applied to every key access, and
// the audit record learns which key and version were used.
import { KmsError } from '../protocol/errors.js';
import { aliasArn, aliasNotFound, keyArn, keyNotFound, parseKeyRef, type IdForms } from './keys/arn.js';
import { AWS_MANAGED_ACCESS, awsManagedRefusal, awsManagedService, createAwsManagedKey } from './keys/aws-managed.js';
import type { CachedKey, VersionMaterial } from './keys/key-cache.js';
import { checkKeyState, type KeyAccess } from './keys/key-state-table.js';
import { checkVersion, checkWindow } from './lifecycle/key-gates.js';
import { USAGE_CLASS } from './lifecycle/usage-class.js';
import type { KeyRecord } from './model.js';
import type { ActionPrefix } from './operation.js';
import type { KmsService, Principal } from './service.js';

/** A key as an operation sees it: its record, ARN and material. */
export interface UsableKey {
  record: KeyRecord;
  arn: string;
  current(): VersionMaterial;
  version(v: number): VersionMaterial | undefined;
  /**
   * For an access that processes data under a version the request names (Decrypt, Verify...), when the key has
   * lifecycle records: throws if that version may not be used (core/lifecycle/key-gates.ts). Run by used().
   */
  checkVersion?: ((v: number) => void) | undefined;
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
    /** The prefix of the policy actions this request's key accesses are authorised as (from the target it came by). */
    readonly actionPrefix: ActionPrefix = 'kms',
  ) {}

  /** Resolves a KeyId parameter, applies the key-state table for `access`, authorises, and returns the key. */
  async key(raw: string, access: KeyAccess, forms: IdForms = 'any'): Promise<UsableKey> {
    // Key ids and cached keys are taken without awaiting: each await is a microtask hop on every request.
    const ref = parseKeyRef(raw, forms, this.service.scope);
    const keyId = ref.kind === 'key' ? ref.keyId : await this.aliasKeyId(ref.aliasName);
    const entry = this.service.keys.cached(keyId) ?? (await this.service.keys.get(keyId));
    if (!entry) throw keyNotFound(this.service.scope, keyId);
    const key = this.admit(entry, access);
    const reserving = this.takeInvocation(key, access);
    if (reserving !== undefined) await reserving;
    return key;
  }

  /** The key named inside a ciphertext: a missing key is a ciphertext failure, not a NotFound (no oracle). */
  async keyFromCiphertext(keyId: string, access: KeyAccess): Promise<UsableKey> {
    const entry = this.service.keys.cached(keyId) ?? (await this.service.keys.get(keyId));
    if (!entry) throw new KmsError('InvalidCiphertextException');
    return this.admit(entry, access);
  }

  /** Authorises an access that names no key (e.g. every key's lifecycle events), as `<prefix>:<access>`. */
  authorize(access: KeyAccess): void {
    this.service.deps.authorizer.authorize(this.principal, `${this.actionPrefix}:${access}`);
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

  /** Records which key (and version) this request used, for the audit record, after the version's lifecycle rules. */
  used(key: UsableKey, version?: number): void {
    if (version !== undefined) key.checkVersion?.(version);
    this.audit.keyArn = key.arn;
    if (version !== undefined) this.audit.keyVersion = version;
  }

  /** DryRun: every check has passed, so say the request would have succeeded. */
  dryRun(flag: boolean | undefined): void {
    if (flag) throw new KmsError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
  }

  private admit(entry: CachedKey, access: KeyAccess): UsableKey {
    const record = entry.record;
    const arn = keyArn(this.service.scope, record.keyId);
    if (this.audit.keyArn === undefined) this.audit.keyArn = arn;
    const action = `${this.actionPrefix}:${access}`;
    this.service.deps.authorizer.authorize(this.principal, action, arn); // before state: no oracle
    if (record.keyManager === 'AWS' && AWS_MANAGED_ACCESS[access] === 'deny') throw awsManagedRefusal(this.principal, action, arn);
    checkKeyState(access, record.state, arn);
    return {
      record,
      arn,
      current: () => entry.versions.get(record.currentVersion)!,
      version: (v) => entry.versions.get(v),
      checkVersion: entry.lifecycle ? this.lifecycleRules(entry, access, arn) : undefined,
    };
  }

  /**
   * Keyward's lifecycle rules beyond the key-state table (core/lifecycle/key-gates.ts): the reactivation window, and the
   * rules of the version used. Protection is always applied with the current version, so it is checked now; the
   * version a ciphertext or signature names is checked when the operation reaches it (used()).
   */
  private lifecycleRules(entry: CachedKey, access: KeyAccess, arn: string): ((v: number) => void) | undefined {
    const cls = USAGE_CLASS[access];
    if (cls === 'manage') return undefined;
    const lc = entry.lifecycle!;
    const gate = (v: number) => {
      const facts = { version: v, createdAt: entry.versions.get(v)?.createdAt, state: lc.versions.get(v) };
      checkVersion(facts, cls, lc.key, arn, this.service.now());
    };
    if (lc.key) checkWindow(cls, access, lc.key, arn, this.service.now());
    if (cls === 'protect') {
      gate(entry.record.currentVersion);
      return undefined;
    }
    return gate;
  }

  /** Applying protection with a symmetric key spends one AES-GCM invocation of its current version (the 2^32 limit). */
  private takeInvocation(key: UsableKey, access: KeyAccess): Promise<void> | undefined {
    if (USAGE_CLASS[access] !== 'protect' || key.record.keySpec !== 'SYMMETRIC_DEFAULT') return undefined;
    return this.service.invocations.take(key.record.keyId, key.record.currentVersion, key.arn);
  }
}
