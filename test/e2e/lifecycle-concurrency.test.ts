// Lifecycle changes under load: thousands of Encrypt calls against one key while RotateKeyOnDemand runs and the key
// is disabled and enabled again and again. No request fails for a reason other than the state it met, no version is
// lost, every ciphertext decrypts afterwards with the version it names, and what each request saw is consistent with
// the state changes that had completed before it was sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateKeyCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand, EncryptCommand, KMSClient,
  ListKeyRotationsCommand, RotateKeyOnDemandCommand, type RotationsListEntry,
} from '@aws-sdk/client-kms';
import { failure, pool, withReadonlyDb } from '../support/lifecycle-helpers.js';
import { useTestServer, type TestServer } from '../support/server.js';

const ENCRYPTS = 3000;
const IN_FLIGHT = 32;
const ROTATIONS = 10;
const TOGGLES = 20;

interface Timed {
  sentAt: number;
  doneAt: number;
}
interface EncryptResult extends Timed {
  i: number;
  blob?: Uint8Array;
  error?: { name: string; message: string };
}
interface OpResult extends Timed {
  op: 'Rotate' | 'Disable' | 'Enable';
  error?: { name: string; message: string };
}

let server: TestServer;
let kms: KMSClient;
let keyId = '';
let arn = '';
let initialMaterial = '';
const encrypts: EncryptResult[] = [];
const ops: OpResult[] = [];

async function timed(op: OpResult['op'], p: () => Promise<unknown>): Promise<OpResult> {
  const sentAt = performance.now();
  const err = await failure(p());
  const r: OpResult = { op, sentAt, doneAt: performance.now(), ...(err ? { error: { name: err.name, message: err.message } } : {}) };
  ops.push(r);
  return r;
}

const plaintextOf = (i: number) => Buffer.from(`concurrent encrypt #${i}`);

useTestServer({}, async (s, k) => {
  server = s;
  kms = k;
  const md = (await kms.send(new CreateKeyCommand({ Description: 'under load' }))).KeyMetadata!;
  keyId = md.KeyId!;
  arn = md.Arn!;
  initialMaterial = md.CurrentKeyMaterialId!;

  let completed = 0;
  let finished = false;
  const waitFor = async (n: number) => {
    while (completed < n && !finished) await sleep(1);
  };

  const encryptAll = pool(Array.from({ length: ENCRYPTS }, (_, i) => i), IN_FLIGHT, async (i) => {
    const sentAt = performance.now();
    try {
      const out = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintextOf(i), EncryptionContext: { i: String(i) } }));
      encrypts[i] = { i, sentAt, doneAt: performance.now(), blob: out.CiphertextBlob! };
    } catch (e) {
      const err = e as Error;
      encrypts[i] = { i, sentAt, doneAt: performance.now(), error: { name: err.name, message: err.message } };
    }
    completed++;
  }).finally(() => (finished = true));

  // The rotations and the toggles run independently of each other, paced by the encrypts' progress so both spread
  // over the whole run (and sometimes hit the key while the other is changing it).
  const rotator = (async () => {
    for (let r = 0; r < ROTATIONS; r++) {
      await waitFor(Math.floor(((r + 0.7) * ENCRYPTS) / (ROTATIONS + 1)));
      // A rotation that meets the key disabled is retried, so that ROTATIONS versions get made under load.
      for (let attempt = 0; attempt < 100; attempt++) {
        const r = await timed('Rotate', () => kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId })));
        if (!r.error) break;
        await sleep(2);
      }
    }
  })();
  const toggler = (async () => {
    for (let t = 0; t < TOGGLES; t++) {
      await waitFor(Math.floor(((t + 0.5) * ENCRYPTS) / (TOGGLES + 1)));
      await timed('Disable', () => kms.send(new DisableKeyCommand({ KeyId: keyId })));
      await sleep(10); // a short disabled window, in time rather than in completions (failures are fast)
      const enabled = await timed('Enable', () => kms.send(new EnableKeyCommand({ KeyId: arn })));
      // A certain enabled window, even when fast failures raced the completion count ahead: it lasts until a few
      // encrypts sent after EnableKey answered have completed (or 2 s), however slow this machine is today.
      await sleep(15);
      const until = performance.now() + 2000;
      while (encrypts.filter((e) => e && e.sentAt > enabled.doneAt).length < 3 && !finished && performance.now() < until) await sleep(1);
    }
  })();
  await Promise.all([encryptAll, rotator, toggler]);
  // Whatever happened, the key ends Enabled (the toggler always enables last).
});

test('every Encrypt either succeeded or failed with DisabledException "<arn> is disabled."', (t) => {
  assert.equal(encrypts.filter(Boolean).length, ENCRYPTS);
  const others = encrypts.filter((e) => e.error && !(e.error.name === 'DisabledException' && e.error.message === `${arn} is disabled.`));
  assert.deepEqual(others.slice(0, 5).map((e) => e.error), [], `${others.length} encrypts failed otherwise`);
  const ok = encrypts.filter((e) => e.blob).length;
  const disabled = encrypts.filter((e) => e.error).length;
  const attempts = ops.filter((o) => o.op === 'Rotate').length;
  t.diagnostic(`${ok} encrypts succeeded, ${disabled} met the key disabled; ${ROTATIONS} rotations took ${attempts} attempts`);
  // Failures are fast (no crypto), so a disabled window holds many of them: only ask for a real share of successes.
  assert.ok(ok > ENCRYPTS / 5, `a real share of encrypts succeed (${ok})`);
  assert.ok(disabled > 0, 'some encrypts met the key disabled (the toggles overlapped the load)');
});

test('the state changes themselves: toggles never fail; rotations succeed or meet the key disabled', () => {
  assert.equal(ops.filter((o) => o.op === 'Disable').length, TOGGLES);
  assert.equal(ops.filter((o) => o.op === 'Enable').length, TOGGLES);
  assert.deepEqual(ops.filter((o) => o.op !== 'Rotate' && o.error).map((o) => o.error), []);
  const rotations = ops.filter((o) => o.op === 'Rotate');
  for (const r of rotations.filter((o) => o.error)) {
    assert.deepEqual(r.error, { name: 'DisabledException', message: `${arn} is disabled.` });
  }
  assert.equal(rotations.filter((r) => !r.error).length, ROTATIONS, 'every rotation succeeded (after retries on a disabled key)');
});

test('what each Encrypt saw agrees with the toggles completed before it was sent', () => {
  const sorted = [...ops].filter((o) => o.op !== 'Rotate').sort((x, y) => x.sentAt - y.sentAt);
  let checkedDisabled = 0;
  let checkedEnabled = 0;
  for (let j = 0; j < sorted.length; j++) {
    const change = sorted[j]!;
    const next = sorted[j + 1];
    // Between this change's answer and the next change's request the state is certain.
    const from = change.doneAt;
    const to = next ? next.sentAt : Infinity;
    for (const e of encrypts) {
      if (e.sentAt <= from || e.doneAt >= to) continue;
      if (change.op === 'Disable') {
        assert.ok(e.error, `encrypt #${e.i} sent after DisableKey answered succeeded`);
        checkedDisabled++;
      } else {
        assert.equal(e.error, undefined, `encrypt #${e.i} sent after EnableKey answered failed`);
        checkedEnabled++;
      }
    }
  }
  assert.ok(checkedEnabled > 0, 'some encrypts ran entirely while the key was certainly enabled');
  void checkedDisabled;
});

test('no version is lost: ListKeyRotations shows every successful rotation, versions consecutive, DescribeKey consistent', async () => {
  const succeeded = ops.filter((o) => o.op === 'Rotate' && !o.error).length;
  const entries: RotationsListEntry[] = [];
  let marker: string | undefined;
  do {
    const out = await kms.send(new ListKeyRotationsCommand({ KeyId: keyId, Limit: 3, ...(marker ? { Marker: marker } : {}) }));
    entries.push(...(out.Rotations ?? []));
    marker = out.Truncated ? out.NextMarker : undefined;
  } while (marker);
  assert.equal(entries.length, succeeded, 'one rotation entry per successful RotateKeyOnDemand');
  assert.ok(entries.every((e) => e.RotationType === 'ON_DEMAND'));
  const materialIds = [initialMaterial, ...entries.map((e) => e.KeyMaterialId!)];
  assert.equal(new Set(materialIds).size, materialIds.length, 'every version has its own material');
  assert.deepEqual(entries.map((e) => e.KeyMaterialState), entries.map((_, i) => (i === entries.length - 1 ? 'CURRENT' : 'NON_CURRENT')));

  const versions = withReadonlyDb(server.dataDir, (db) =>
    (db.prepare('SELECT version, material_id FROM key_versions WHERE key_id = ? ORDER BY version').all(keyId) as
      { version: number; material_id: string }[]));
  assert.deepEqual(versions.map((v) => v.version), Array.from({ length: succeeded + 1 }, (_, i) => i + 1), 'versions 1..n, no gap');
  assert.deepEqual(versions.map((v) => v.material_id), materialIds, 'versions in the order ListKeyRotations shows');

  const md = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
  assert.equal(md.KeyState, 'Enabled');
  assert.equal(md.Enabled, true);
  assert.equal(md.CurrentKeyMaterialId, materialIds[materialIds.length - 1], 'the newest version is current');
  const fresh = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('after the storm') }));
  const dec = await kms.send(new DecryptCommand({ CiphertextBlob: fresh.CiphertextBlob }));
  assert.equal(dec.KeyMaterialId, md.CurrentKeyMaterialId, 'Encrypt uses the current version');
});

test('every successful ciphertext decrypts, with a version that existed and was current when it was made', async () => {
  const entries: RotationsListEntry[] = [];
  let marker: string | undefined;
  do {
    const out = await kms.send(new ListKeyRotationsCommand({ KeyId: keyId, ...(marker ? { Marker: marker } : {}) }));
    entries.push(...(out.Rotations ?? []));
    marker = out.Truncated ? out.NextMarker : undefined;
  } while (marker);
  const versionOf = new Map([initialMaterial, ...entries.map((e) => e.KeyMaterialId!)].map((m, i) => [m, i + 1]));
  const rotations = ops.filter((o) => o.op === 'Rotate' && !o.error);
  const ok = encrypts.filter((e) => e.blob);
  const failures: string[] = [];
  await pool(ok, IN_FLIGHT, async (e) => {
    const err = await failure((async () => {
      const out = await kms.send(new DecryptCommand({ CiphertextBlob: e.blob, EncryptionContext: { i: String(e.i) } }));
      assert.deepEqual(Buffer.from(out.Plaintext!), plaintextOf(e.i));
      assert.equal(out.KeyId, arn);
      const v = versionOf.get(out.KeyMaterialId!);
      assert.ok(v, `encrypt #${e.i}: unknown material ${out.KeyMaterialId}`);
      // The version used was made before the encrypt answered, and no older than the last rotation answered before it was sent.
      const atLeast = 1 + rotations.filter((r) => r.doneAt < e.sentAt).length;
      const atMost = 1 + rotations.filter((r) => r.sentAt < e.doneAt).length;
      assert.ok(v >= atLeast && v <= atMost, `encrypt #${e.i} used version ${v}, expected ${atLeast}..${atMost}`);
    })());
    if (err) failures.push(`${err.name}: ${err.message}`);
  });
  assert.deepEqual(failures.slice(0, 5), [], `${failures.length} of ${ok.length} ciphertexts failed`);
});
