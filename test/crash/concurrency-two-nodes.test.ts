// Concurrency across two nodes: 64 clients (32 per node) Encrypt and Decrypt on a few keys while a controller disables
// and enables them through either node. A checker confirms every answer was legal for the state sequence it saw:
// on the node that made a change, at once; on the other, once the change feed had at most PROPAGATION_MS to reach it
// (AWS documents KMS as eventually consistent, typically within seconds). A request whose whole flight lies where the
// key was certainly disabled must be refused with DisabledException; certainly enabled, it must succeed; anything
// else is an illegal answer. KEYWARD_CONCURRENCY_OPS (default 2000; long form 100000, docs/reliability.md).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';
import { CreateKeyCommand, DecryptCommand, DisableKeyCommand, EnableKeyCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { postgresAvailable, startPostgres } from '../support/postgres.js';
import { kmsClient, startTestServer, type TestServer } from '../support/server.js';

const OPS = Number(process.env.KEYWARD_CONCURRENCY_OPS ?? 2000);
const CLIENTS_PER_NODE = 32;
const KEYS = 6;
const PROPAGATION_MS = 1000;

interface Toggle { key: number; node: number; to: 'Enabled' | 'Disabled'; sentAt: number; doneAt: number }
interface Call { key: number; node: number; op: 'Encrypt' | 'Decrypt'; sentAt: number; doneAt: number; outcome: string }

/** The intervals where a node certainly saw the key in `state`, from the acknowledged toggles (serialised per key). */
function certain(toggles: Toggle[], key: number, node: number, state: 'Enabled' | 'Disabled', end: number): [number, number][] {
  const mine = toggles.filter((t) => t.key === key).sort((a, b) => a.sentAt - b.sentAt);
  const out: [number, number][] = [];
  let current: 'Enabled' | 'Disabled' = 'Enabled';
  let from = 0; // enabled since creation
  for (const t of mine) {
    if (current === state) out.push([from, t.sentAt]);
    current = t.to;
    from = t.doneAt + (t.node === node ? 0 : PROPAGATION_MS);
  }
  if (current === state) out.push([from, end]);
  return out;
}

const inside = (c: Call, spans: [number, number][]) => spans.some(([a, b]) => a <= c.sentAt && c.doneAt <= b);

test(`${OPS} operations from 64 clients on two nodes with concurrent state changes: every answer legal`, { skip: !postgresAvailable(), timeout: 3_600_000 }, async () => {
  const cluster = await startPostgres();
  const url = await cluster.createSchema();
  const dataDir = mkdtempSync(join(tmpdir(), 'keyward-concurrency-'));
  const args = ['--database-url', url];
  const nodes: TestServer[] = [await startTestServer({ dataDir, args })];
  nodes.push(await startTestServer({ dataDir, args }));
  const clients: KMSClient[][] = nodes.map((n) => [...Array(CLIENTS_PER_NODE)].map(() => kmsClient(n)));
  try {
    const keys = await Promise.all([...Array(KEYS)].map(async () => (await clients[0]![0]!.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!));
    const blobs = await Promise.all(keys.map(async (k) => (await clients[0]![0]!.send(new EncryptCommand({ KeyId: k, Plaintext: Buffer.from(k) }))).CiphertextBlob!));
    const calls: Call[] = [];
    const toggles: Toggle[] = [];
    let issued = 0;
    let done = false;
    const worker = async (node: number, kms: KMSClient) => {
      while (issued < OPS) {
        issued++;
        const key = Math.floor(Math.random() * KEYS);
        const op = Math.random() < 0.5 ? 'Encrypt' : 'Decrypt';
        const sentAt = performance.now();
        let outcome = 'ok';
        try {
          if (op === 'Encrypt') await kms.send(new EncryptCommand({ KeyId: keys[key]!, Plaintext: Buffer.from('x') }));
          else {
            const out = await kms.send(new DecryptCommand({ CiphertextBlob: blobs[key]! }));
            if (Buffer.from(out.Plaintext!).toString() !== keys[key]) outcome = 'wrong plaintext';
          }
        } catch (err) {
          outcome = (err as Error).name;
        }
        calls.push({ key, node, op, sentAt, doneAt: performance.now(), outcome });
      }
    };
    const controller = async () => {
      const state: ('Enabled' | 'Disabled')[] = keys.map(() => 'Enabled');
      while (!done) {
        const key = Math.floor(Math.random() * KEYS);
        const node = Math.floor(Math.random() * 2);
        const to = state[key] === 'Enabled' ? 'Disabled' : 'Enabled';
        const sentAt = performance.now();
        const kms = clients[node]![0]!;
        await kms.send(to === 'Disabled' ? new DisableKeyCommand({ KeyId: keys[key]! }) : new EnableKeyCommand({ KeyId: keys[key]! }));
        toggles.push({ key, node, to, sentAt, doneAt: performance.now() });
        state[key] = to;
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 200));
      }
    };
    const control = controller();
    await Promise.all(clients.flatMap((cs, node) => cs.map((kms) => worker(node, kms))));
    done = true;
    await control;
    const end = performance.now();
    const illegal: string[] = [];
    let refusedCertain = 0;
    let okCertain = 0;
    for (const c of calls) {
      const disabled = certain(toggles, c.key, c.node, 'Disabled', end);
      const enabled = certain(toggles, c.key, c.node, 'Enabled', end);
      if (c.outcome !== 'ok' && c.outcome !== 'DisabledException') illegal.push(`${c.op} on node ${c.node}: ${c.outcome}`);
      else if (inside(c, disabled)) {
        if (c.outcome !== 'DisabledException') illegal.push(`${c.op} on node ${c.node} succeeded while key ${c.key} was certainly disabled`);
        else refusedCertain++;
      } else if (inside(c, enabled)) {
        if (c.outcome !== 'ok') illegal.push(`${c.op} on node ${c.node} refused while key ${c.key} was certainly enabled`);
        else okCertain++;
      }
    }
    assert.deepEqual(illegal.slice(0, 10), [], `${illegal.length} illegal answers of ${calls.length}`);
    assert.equal(calls.length, OPS);
    assert.ok(toggles.length > 5 && refusedCertain > 0 && okCertain > 0, `the run exercised both states: ${toggles.length} toggles, ${refusedCertain} certain refusals, ${okCertain} certain successes`);
    console.log(`# concurrency: ${calls.length} operations, ${toggles.length} state changes, ${refusedCertain} certainly-disabled refusals and ${okCertain} certainly-enabled successes checked, 0 illegal`);
  } finally {
    for (const cs of clients) for (const c of cs) c.destroy();
    await Promise.all(nodes.map((n) => n.stop()));
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
