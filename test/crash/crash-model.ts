// The crash suite's load generator and checker: workers run mixed traffic (CreateKey, Encrypt, rotations, state
// changes, ScheduleKeyDeletion, aliases, grants), each on keys of its own so every acknowledged result has one meaning;
// the model records only what was acknowledged (and marks what was in flight as uncertain). After the server was
// killed and restarted, check() confirms every acknowledged key, state, alias, grant, rotation and ciphertext is there
// and every key that exists is whole.
import assert from 'node:assert/strict';
import {
  CreateAliasCommand, CreateGrantCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand,
  EncryptCommand, ListAliasesCommand, ListGrantsCommand, ListKeyRotationsCommand, ListKeysCommand, RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand, type KMSClient,
} from '@aws-sdk/client-kms';

type State = 'Enabled' | 'Disabled' | 'PendingDeletion';

interface KeyModel {
  /** The acknowledged state, or undefined while a change of it was not acknowledged (either outcome is legal). */
  state: State | undefined;
  rotations: number;
  busy: boolean;
}

/** A small seeded PRNG (mulberry32), so a failing run can be replayed with its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class CrashModel {
  readonly keys = new Map<string, KeyModel>();
  readonly ciphertexts: { keyId: string; plaintext: string; blob: Uint8Array }[] = [];
  readonly aliases = new Map<string, string>();
  readonly grants: { keyId: string; grantId: string }[] = [];
  acknowledged = 0;
  private serial = 0;

  constructor(private readonly random: () => number) {}

  private pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[Math.floor(this.random() * items.length)];
  }

  private usable(worker: number, state: State): [string, KeyModel] | undefined {
    return this.pick([...this.keys].filter(([id, k]) => !k.busy && k.state === state && this.owner.get(id) === worker));
  }

  private readonly owner = new Map<string, number>();

  /** One random operation by `worker`; the model changes only when the answer arrives. */
  async step(kms: KMSClient, worker: number): Promise<void> {
    const r = this.random();
    const enabled = this.usable(worker, 'Enabled');
    if (r < 0.2 || !enabled) {
      const id = (await kms.send(new CreateKeyCommand({ Description: `crash w${worker}` }))).KeyMetadata!.KeyId!;
      this.keys.set(id, { state: 'Enabled', rotations: 0, busy: false });
      this.owner.set(id, worker);
    } else if (r < 0.55) {
      const plaintext = `p-${worker}-${this.serial++}`;
      const blob = (await kms.send(new EncryptCommand({ KeyId: enabled[0], Plaintext: Buffer.from(plaintext) }))).CiphertextBlob!;
      this.ciphertexts.push({ keyId: enabled[0], plaintext, blob });
    } else if (r < 0.65) {
      const name = `alias/crash-${worker}-${this.serial++}`;
      await kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: enabled[0] }));
      this.aliases.set(name, enabled[0]);
    } else if (r < 0.72) {
      const g = await kms.send(new CreateGrantCommand({ KeyId: enabled[0], GranteePrincipal: 'arn:aws:iam::111122223333:root', Operations: ['Decrypt'] }));
      this.grants.push({ keyId: enabled[0], grantId: g.GrantId! });
    } else if (r < 0.78 && enabled[1].rotations < 5) {
      await this.change(enabled, async () => {
        await kms.send(new RotateKeyOnDemandCommand({ KeyId: enabled[0] }));
        enabled[1].rotations++;
      });
    } else if (r < 0.88) {
      await this.change(enabled, async () => {
        await kms.send(new DisableKeyCommand({ KeyId: enabled[0] }));
        enabled[1].state = 'Disabled';
      });
    } else if (r < 0.95) {
      const disabled = this.usable(worker, 'Disabled');
      if (!disabled) return;
      await this.change(disabled, async () => {
        await kms.send(new EnableKeyCommand({ KeyId: disabled[0] }));
        disabled[1].state = 'Enabled';
      });
    } else {
      await this.change(enabled, async () => {
        await kms.send(new ScheduleKeyDeletionCommand({ KeyId: enabled[0], PendingWindowInDays: 7 }));
        enabled[1].state = 'PendingDeletion';
      });
    }
    this.acknowledged++;
  }

  /** A state change: uncertain until acknowledged; a key whose change was lost stays uncertain and is not used again. */
  private async change([, k]: [string, KeyModel], run: () => Promise<void>): Promise<void> {
    const before = k.state;
    k.busy = true;
    k.state = undefined;
    await run();
    if (k.state === undefined) k.state = before;
    k.busy = false;
  }

  /** After a crash: what was in flight stays uncertain (state undefined), and its key is retired from new traffic. */
  settle(): void {
    for (const k of this.keys.values()) if (k.busy) k.state = undefined;
  }

  async check(kms: KMSClient): Promise<void> {
    const described = new Map<string, State>();
    for (const [id, k] of this.keys) {
      const meta = (await kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!;
      described.set(id, meta.KeyState as State);
      if (k.state !== undefined) assert.equal(meta.KeyState, k.state, `key ${id}: acknowledged ${k.state}, found ${meta.KeyState}`);
      else k.state = meta.KeyState as State; // resolved: from now on the found state is the acknowledged one
      k.busy = false;
      const rotations = (await kms.send(new ListKeyRotationsCommand({ KeyId: id }))).Rotations ?? [];
      assert.ok(rotations.length >= k.rotations, `key ${id}: ${k.rotations} acknowledged rotations, ${rotations.length} found`);
      k.rotations = Math.max(k.rotations, rotations.length);
    }
    for (const c of this.ciphertexts) {
      const state = described.get(c.keyId);
      const out = kms.send(new DecryptCommand({ CiphertextBlob: c.blob }));
      if (state === 'Enabled') assert.equal(Buffer.from((await out).Plaintext!).toString(), c.plaintext);
      else await assert.rejects(out, (e: Error) => e.name === (state === 'Disabled' ? 'DisabledException' : 'KMSInvalidStateException'));
    }
    const aliases = new Map<string, string>();
    for (let marker: string | undefined; ;) {
      const page = await kms.send(new ListAliasesCommand({ Limit: 100, Marker: marker }));
      for (const a of page.Aliases ?? []) if (a.TargetKeyId) aliases.set(a.AliasName!, a.TargetKeyId);
      if (!page.NextMarker) break;
      marker = page.NextMarker;
    }
    for (const [name, keyId] of this.aliases) assert.equal(aliases.get(name), keyId, `alias ${name}`);
    for (const g of this.grants) {
      const listed = (await kms.send(new ListGrantsCommand({ KeyId: g.keyId }))).Grants ?? [];
      assert.ok(listed.some((x) => x.GrantId === g.grantId), `grant ${g.grantId} of ${g.keyId}`);
    }
    // Keys nobody acknowledged (a CreateKey in flight at the kill) exist whole or not at all.
    for (let marker: string | undefined; ;) {
      const page = await kms.send(new ListKeysCommand({ Limit: 1000, Marker: marker }));
      for (const k of page.Keys ?? []) {
        if (this.keys.has(k.KeyId!)) continue;
        const meta = (await kms.send(new DescribeKeyCommand({ KeyId: k.KeyId! }))).KeyMetadata!;
        if (meta.KeyState === 'Enabled' && meta.KeyManager === 'CUSTOMER') {
          const blob = (await kms.send(new EncryptCommand({ KeyId: k.KeyId!, Plaintext: Buffer.from('whole') }))).CiphertextBlob!;
          assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), 'whole');
        }
      }
      if (!page.NextMarker) break;
      marker = page.NextMarker;
    }
  }
}
