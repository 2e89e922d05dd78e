// Each node's in-memory view of identity: every IAM entity, relation and active access key (secrets unsealed), read
// at once from the store and reloaded whole when the change feed announces an identity change (rare next to data-plane
// traffic), so authentication and policy lookup on the data plane never wait on the database. The node that made a
// change reloads before it answers, so its own change is in force at once; other nodes follow within the feed's delay.
import { purpose, type Barrier } from '../core/secrets/barrier.js';
import type { Principal } from '../core/service.js';
import { AWS_MANAGED_BY_ARN } from './aws-managed-policies.js';
import type { AccessKey, Entity, EntityKind, OwnerKind } from './model.js';
import type { IdentityRows, IdentityStore } from './ports.js';

/** A long-term access key as SigV4 needs it: the secret and who signs with it. */
export interface Credential {
  secretAccessKey: string;
  principal: Principal;
}

/** One identity-based policy document that applies to a principal, and where it comes from (for decisions' reasons). */
export interface AppliedPolicy {
  source: string;
  document: string;
}

class Snapshot {
  readonly entities = new Map<string, Entity>();
  readonly credentials = new Map<string, Credential>();
  private readonly groupsOfUser = new Map<string, string[]>();
  private readonly inline = new Map<string, AppliedPolicy[]>();
  private readonly attached = new Map<string, string[]>();
  private readonly defaults = new Map<string, string>();
  private readonly applied = new Map<string, AppliedPolicy[]>();

  constructor(rows: IdentityRows, barrier: Barrier, accountId: string) {
    for (const e of rows.entities) this.entities.set(key(e.kind, e.name), e);
    for (const m of rows.memberships) push(this.groupsOfUser, m.userName.toLowerCase(), m.groupName);
    for (const p of rows.inline) push(this.inline, key(p.ownerKind, p.ownerName), { source: `${p.ownerKind} inline ${p.policyName}`, document: p.document });
    for (const a of rows.attachments) push(this.attached, key(a.ownerKind, a.ownerName), a.policyArn);
    for (const v of rows.defaultVersions) this.defaults.set(v.policyArn, v.document);
    for (const k of rows.accessKeys) {
      if (k.status !== 'Active') continue;
      const user = this.entity('user', k.userName);
      if (user) this.credentials.set(k.accessKeyId, { secretAccessKey: unsealSecret(barrier, k), principal: userPrincipal(user, accountId, k.accessKeyId) });
    }
  }

  entity<K extends EntityKind>(kind: K, name: string): Entity<K> | undefined {
    return this.entities.get(key(kind, name)) as Entity<K> | undefined;
  }

  /** The identity-based policies of an owner: its inline policies and its attached managed policies' default versions. */
  ownPolicies(kind: OwnerKind, name: string): AppliedPolicy[] {
    const k = key(kind, name);
    let out = this.applied.get(k);
    if (!out) {
      out = [...(this.inline.get(k) ?? [])];
      for (const arn of this.attached.get(k) ?? []) {
        const document = AWS_MANAGED_BY_ARN.get(arn)?.document ?? this.defaults.get(arn);
        if (document !== undefined) out.push({ source: arn, document });
      }
      this.applied.set(k, out);
    }
    return out;
  }

  /** A managed policy's document in force: an AWS managed policy's, or a customer policy's default version. */
  managedDocument(arn: string): string | undefined {
    return AWS_MANAGED_BY_ARN.get(arn)?.document ?? this.defaults.get(arn);
  }

  groupsOf(userName: string): string[] {
    return this.groupsOfUser.get(userName.toLowerCase()) ?? [];
  }
}

const key = (kind: EntityKind, name: string) => `${kind}/${name.toLowerCase()}`;
function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function unsealSecret(barrier: Barrier, k: AccessKey): string {
  return barrier.open(purpose.accessKeySecret(k.accessKeyId), k.sealedSecret).toString('utf8');
}

/** The principal a user's long-term access key stands for. */
export function userPrincipal(user: Entity<'user'>, accountId: string, accessKeyId?: string): Principal {
  return { arn: user.arn, accountId, accessKeyId, type: 'User', userId: user.id, userName: user.name };
}

export class IdentityDirectory {
  private snap: Snapshot | undefined;
  private wanted = 1;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly store: IdentityStore,
    private readonly barrier: Barrier,
    private readonly accountId: string,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  /** Bumped by every reload: decisions cached under an older epoch are stale. */
  epoch = 0;

  /** Loads (or reloads) the snapshot and resolves once one taken after this call is in place. */
  async refresh(): Promise<void> {
    const target = ++this.wanted;
    while (this.epoch < target) {
      this.loading ??= this.load().finally(() => (this.loading = undefined));
      await this.loading;
    }
  }

  /** The change feed announced an identity change (by any node): reload in the background. */
  changed(): void {
    this.refresh().catch(this.onError);
  }

  private async load(): Promise<void> {
    const target = this.wanted;
    const rows = await this.store.snapshot();
    await this.barrier.refresh?.(); // access keys re-sealed by a barrier rotation on another node use a term loaded here
    this.snap = new Snapshot(rows, this.barrier, this.accountId);
    this.epoch = target;
  }

  private get current(): Snapshot {
    if (!this.snap) throw new Error('the identity directory is not loaded');
    return this.snap;
  }

  /** An active long-term access key. */
  credential(accessKeyId: string): Credential | undefined {
    return this.current.credentials.get(accessKeyId);
  }

  /** Whether any access key exists yet (a new installation has none until its first administrator). */
  get hasCredentials(): boolean {
    return this.current.credentials.size > 0;
  }

  entity<K extends EntityKind>(kind: K, name: string): Entity<K> | undefined {
    return this.current.entity(kind, name);
  }

  /** The document in force of a managed policy (AWS managed, or a customer policy's default version). */
  managedPolicyDocument(arn: string): string | undefined {
    return this.current.managedDocument(arn);
  }

  /**
   * The identity-based policies that apply to a principal: a user's own and those of its groups; a role session's
   * role's (its session policy is not one of them: it limits them). A role deleted since the session began has none.
   */
  policiesOf(p: Principal): AppliedPolicy[] {
    const snap = this.current;
    if (p.role) return snap.entity('role', p.role.name)?.arn === p.role.arn ? snap.ownPolicies('role', p.role.name) : [];
    if (p.userName === undefined || snap.entity('user', p.userName)?.arn !== p.arn) return [];
    const out = [...snap.ownPolicies('user', p.userName)];
    for (const g of snap.groupsOf(p.userName)) out.push(...snap.ownPolicies('group', g));
    return out;
  }
}
