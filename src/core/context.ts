// The per-request context an operation runs in. Its key() is the only way an operation reaches a key, so
// resolution (id, ARN, alias), authorization (key policy, identity policies, grants, with the request's condition keys),
// the key-state table and the audit record's key are applied to every key access. Actions on no key (CreateKey,
// ListKeys) and on aliases go through authorizeAccount() and authorizeAlias(); the dispatcher refuses an operation that
// authorised nothing, so a forgotten check is a loud internal error rather than an open door.
import { KmsError } from '../protocol/errors.js';
import type { ConditionContext } from '../policy/index.js';
import { keyAccessContext, resourceContext } from './access/condition-keys.js';
import { redeemGrantToken } from './access/grants.js';
import { aliasArn, aliasNotFound, keyArn, keyNotFound, parseKeyRef, publicKeyId, type IdForms, type Scope } from './keys/arn.js';
import { AWS_MANAGED_ACCESS, awsManagedRefusal, awsManagedService, createAwsManagedKey } from './keys/aws-managed.js';
import type { CachedKey, VersionMaterial } from './keys/key-cache.js';
import { checkKeyState, type KeyAccess, type KeyState } from './keys/key-state-table.js';
import { checkVersion, checkWindow } from './lifecycle/key-gates.js';
import { USAGE_CLASS } from './lifecycle/usage-class.js';
import type { GrantConstraints, GrantRecord, KeyRecord } from './model.js';
import type { ActionPrefix } from './operation.js';
import type { KmsService, Principal, RequestFacts } from './service.js';
import { gateCall, type GateState } from './approvals/approval-gate.js';

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

/** What a key access adds to the authorization question. */
export interface AccessOptions {
  /** The encryption context grants' constraints are checked against (default: the request's EncryptionContext). */
  encryptionContext?: Record<string, string> | undefined;
  /** CreateGrant: the new grant's constraints (a grant allowing CreateGrant allows only as strict ones). */
  newGrantConstraints?: GrantConstraints | undefined;
  /** ReEncrypt: whether source and destination are the same key (kms:ReEncryptOnSameKey). */
  sameKey?: boolean | undefined;
  /** Authorise only: AWS applies no key-state rule to this key here (UpdateAlias's former target). */
  authorizeOnly?: boolean | undefined;
  /**
   * The operation established the caller's right itself, by a rule AWS states outside policies (RetireGrant: the
   * grant's retiring principal); named for the reader and counted as an authorization.
   */
  authorizedAs?: 'retiring principal' | undefined;
}

const NO_REQUEST: RequestFacts = { sourceAddress: '-', secureTransport: false };

export class OperationContext {
  readonly audit: AuditFacts = { details: {} };
  /** The validated input (set by the dispatcher): the source of the request's condition keys. */
  input: Record<string, unknown> = {};
  /** How many authorization questions were asked (the dispatcher refuses an operation that asked none). */
  authorizations = 0;
  /** The operation being served (set by the dispatcher): what approval rules are matched against. */
  operation = '';
  /** The approval request this call consumed, if a rule protects it (core/approvals/approval-gate.ts). */
  readonly gate: GateState = {};

  constructor(
    readonly service: KmsService,
    readonly principal: Principal,
    readonly requestId: string,
    readonly request: RequestFacts = NO_REQUEST,
    /** The service prefix of the operation's actions: 'kms' for AWS KMS operations, 'keyward' for Keyward's own. */
    readonly actionService: ActionPrefix = 'kms',
    /** The request's account and Region (its SigV4 scope): keys, aliases and ARNs are this Region's. */
    readonly scope: Scope = service.scope,
  ) {}

  /** Resolves a KeyId parameter, authorises, applies the key-state table for `access`, and returns the key. */
  async key(raw: string, access: KeyAccess, forms: IdForms = 'any', options: AccessOptions = {}): Promise<UsableKey> {
    // Key ids and cached keys are taken without awaiting: each await is a microtask hop on every request.
    const ref = parseKeyRef(raw, forms, this.scope);
    let entry: CachedKey | undefined;
    if (ref.kind === 'key') {
      const found = this.service.keys.inRegion(ref.keyId, this.scope.region);
      entry = found instanceof Promise ? await found : found;
      if (!entry) throw keyNotFound(this.scope, ref.keyId);
    } else {
      const storeId = await this.aliasKeyId(ref.aliasName); // an alias names a key of its own Region
      entry = this.service.keys.cached(storeId) ?? (await this.service.keys.get(storeId));
      if (!entry) throw keyNotFound(this.scope, storeId);
    }
    const state = entry.record.customKeyStoreId === undefined ? undefined : await this.customKeyStoreState(entry);
    const admitted = this.admit(entry, access, ref.kind === 'alias' ? ref.aliasName : undefined, options, state);
    const key = admitted instanceof Promise ? await admitted : admitted;
    // Multi-party approval: after authorization and the key-state check, before the operation acts.
    const gated = gateCall(this, { arn: key.arn, state: key.record.state });
    if (gated !== undefined) await gated;
    const reserving = this.takeInvocation(key, access);
    if (reserving !== undefined) await reserving;
    return key;
  }

  /** The key named inside a ciphertext: a missing key is a ciphertext failure, not a NotFound (no oracle). */
  async keyFromCiphertext(keyId: string, access: KeyAccess, options: AccessOptions = {}): Promise<UsableKey> {
    // The key of this Region: a multi-Region key's ciphertext opens with its copy here (same id, same material).
    const found = this.service.keys.inRegion(keyId, this.scope.region);
    const entry = found instanceof Promise ? await found : found;
    if (!entry) throw new KmsError('InvalidCiphertextException');
    const key = await this.admit(entry, access, undefined, options, await this.customKeyStoreState(entry));
    const gated = gateCall(this, { arn: key.arn, state: key.record.state });
    if (gated !== undefined) await gated; // no rule, no microtask hop on every Decrypt
    return key;
  }

  /** A custom key store's key is Unavailable while its store cannot be used (core/custom-key-stores). */
  private async customKeyStoreState(entry: CachedKey): Promise<KeyState | undefined> {
    const storeId = entry.record.customKeyStoreId;
    return storeId === undefined ? undefined : this.service.customKeyStores.effectiveState(storeId, entry.record.state);
  }

  /** Turns any accepted identifier form into a key id (aliases are looked up). */
  async resolveKeyId(raw: string, forms: IdForms): Promise<string> {
    const ref = parseKeyRef(raw, forms, this.scope);
    return ref.kind === 'key' ? ref.keyId : publicKeyId(await this.aliasKeyId(ref.aliasName));
  }

  /** Authorises an action on no key (CreateKey, ListKeys, GenerateRandom, ...): identity-based policies decide. */
  authorizeAccount(action: string, context?: () => ConditionContext): void | Promise<void> {
    this.authorizations++;
    this.service.deps.limiter?.take(this.principal, action);
    const decided = this.service.deps.authorizer.authorize({
      principal: this.principal, action: `${this.actionService}:${action}`, resource: '*', request: this.request, context,
    });
    // Multi-party approval of an account-level action (Seal, RotateBarrier, rule changes) once it is authorised.
    if (this.service.approvalRules.none) return decided;
    return decided instanceof Promise ? decided.then(() => gateCall(this)) : gateCall(this);
  }

  /**
   * Authorises an action on a key that no longer exists (GetDestructionReceipt after the deletion): with no key policy
   * left, identity-based policies decide, for the key's ARN as the resource.
   */
  authorizeGoneKey(action: string, arn: string): void | Promise<void> {
    this.authorizations++;
    this.audit.keyArn = arn;
    return this.service.deps.authorizer.authorize({
      principal: this.principal, action: `${this.actionService}:${action}`, resource: arn, request: this.request,
      context: () => ({ 'kms:CallerAccount': this.principal.accountId }),
    });
  }

  /** Authorises an action on an alias (CreateAlias, UpdateAlias, DeleteAlias): identity-based policies decide. */
  authorizeAlias(action: string, aliasName: string): void | Promise<void> {
    this.authorizations++;
    return this.service.deps.authorizer.authorize({
      principal: this.principal, action: `kms:${action}`, resource: aliasArn(this.scope, aliasName), request: this.request,
      context: () => ({ 'kms:CallerAccount': this.principal.accountId }),
    });
  }

  private async aliasKeyId(aliasName: string): Promise<string> {
    const target = await this.service.keys.aliasTarget(aliasName, this.scope.region);
    if (target !== undefined) return target;
    // A predefined alias/aws/<service> with no key yet: AWS creates the AWS-managed key on first use.
    const service = awsManagedService(aliasName);
    if (service === undefined) throw aliasNotFound(aliasArn(this.scope, aliasName));
    const { keyId, created } = await createAwsManagedKey(this.service, aliasName, service, this.scope);
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

  private admit(entry: CachedKey, access: KeyAccess, requestAlias: string | undefined, options: AccessOptions, state?: KeyState): UsableKey | Promise<UsableKey> {
    // A custom key store's key shows the state its store allows (Unavailable while disconnected).
    const record = state === undefined || state === entry.record.state ? entry.record : { ...entry.record, state };
    const arn = keyArn(this.scope, record.keyId);
    if (this.audit.keyArn === undefined) this.audit.keyArn = arn;
    this.authorizations++;
    this.service.deps.limiter?.take(this.principal, access, record, this.input.KeyPairSpec as string | undefined);
    if (options.authorizedAs !== undefined) return this.usable(entry, record, access, arn, options);
    const decided = this.service.deps.authorizer.authorize({
      principal: this.principal, action: `${this.actionService}:${access}`, resource: arn, key: record, request: this.request,
      context: () => keyAccessContext({
        access, input: this.input, key: record, callerAccount: this.principal.accountId, requestAlias, sameKey: options.sameKey,
      }),
      resourceFacts: async () => {
        const [tags, aliases] = await Promise.all([this.service.store.getTags(record.keyId), this.allAliases(record.keyId)]);
        return resourceContext(tags, aliases);
      },
      grants: {
        grants: () => this.grantsFor(entry),
        encryptionContext: options.encryptionContext ?? (this.input.EncryptionContext as Record<string, string> | undefined),
        newGrantConstraints: options.newGrantConstraints,
      },
    });
    // Authorization before the key state: a caller who may not use the key learns nothing of its state (no oracle).
    if (decided instanceof Promise) return decided.then(() => this.usable(entry, record, access, arn, options));
    return this.usable(entry, record, access, arn, options);
  }

  private usable(entry: CachedKey, record: KeyRecord, access: KeyAccess, arn: string, options: AccessOptions): UsableKey {
    if (record.keyManager === 'AWS' && AWS_MANAGED_ACCESS[access] === 'deny') throw awsManagedRefusal(this.principal, `${this.actionService}:${access}`, arn);
    if (!options.authorizeOnly) {
      // A use of a key pending deletion is refused by the table; the audit record says why, so the refusal becomes a
      // KeyPendingDeletionUsed lifecycle event (core/lifecycle/event-rules.ts): someone still depends on the key.
      if (record.state === 'PendingDeletion' && USAGE_CLASS[access] !== 'manage') this.audit.details.keyState = 'PendingDeletion';
      checkKeyState(access, record.state, arn);
    }
    return {
      record,
      arn,
      current: () => entry.versions.get(record.currentVersion)!,
      version: (v) => entry.versions.get(v),
      checkVersion: entry.lifecycle && !options.authorizeOnly ? this.lifecycleRules(entry, access, arn) : undefined,
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

  /** The key's grants, and the grants named by the request's GrantTokens (usable before any cache hears of them). */
  private async grantsFor(entry: CachedKey): Promise<GrantRecord[]> {
    const grants = [...(await this.service.keys.grantsOf(entry))];
    for (const token of (this.input.GrantTokens as string[] | undefined) ?? []) {
      const grant = await this.service.store.getGrant(await redeemGrantToken(this.service, token));
      if (grant && grant.keyId === entry.record.keyId && !grants.some((g) => g.grantId === grant.grantId)) grants.push(grant);
    }
    return grants;
  }

  private async allAliases(keyId: string): Promise<string[]> {
    const names: string[] = [];
    for (let after: string | undefined; ;) {
      const page = await this.service.store.listAliases(100, after, keyId);
      names.push(...page.items.map((a) => a.aliasName));
      if (page.next === undefined) return names;
      after = page.next;
    }
  }
}
