// Several Keyward nodes over one PostgreSQL (a throwaway cluster this file starts): three nodes with the same data
// directory (the dev root key) and --database-url, on the shared test clock. A key created on one node works on the
// others; DisableKey on one node is refused by the others within one second (the LISTEN/NOTIFY change feed); a
// deletion falling due is performed once (one system audit record); killing the scheduler lease holder (SIGKILL)
// hands the lease, and the work, to a surviving node.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  CreateKeyCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand, EncryptCommand, type KMSClient,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { advanceClock, DAY, failure, kmsClient, rejects } from '../support/lifecycle-helpers.js';
import { postgresAvailable, startPostgres, type TestPostgres } from '../support/postgres.js';
import { startTestServer, type TestServer } from '../support/server.js';

const skip = postgresAvailable() ? false : 'PostgreSQL 15 binaries not installed';

describe('three nodes on one PostgreSQL', { skip }, () => {
  let cluster: TestPostgres;
  let url = '';
  let dataDir = '';
  let db: pg.Client;
  const nodes: TestServer[] = [];
  const clients: KMSClient[] = [];

  const live = () => nodes.map((n, i) => ({ n, kms: clients[i]! })).filter(({ n }) => n.process.exitCode === null && n.process.signalCode === null);
  const systemDeletes = async (arn: string) => Number((await db.query(
    `SELECT count(*) AS n FROM audit_log WHERE principal = 'keyward:system' AND operation = 'DeleteKey' AND key_arn = $1`, [arn])).rows[0].n);
  const leaseHolder = async () => (await db.query(`SELECT holder FROM leases WHERE name = 'scheduler'`)).rows[0]?.holder as string | undefined;
  const nodeOf = (holder: string | undefined) => nodes.findIndex((n) => holder?.includes(`/${n.process.pid}/`));

  before(async () => {
    cluster = await startPostgres();
    url = await cluster.createSchema();
    db = new pg.Client({ connectionString: url });
    await db.connect();
    dataDir = mkdtempSync(join(tmpdir(), 'keyward-multi-'));
    const args = ['--test-clock', '--database-url', url];
    nodes.push(await startTestServer({ dataDir, args })); // the first node creates the dev root key and the administrator
    nodes.push(...await Promise.all([startTestServer({ dataDir, args }), startTestServer({ dataDir, args })]));
    for (const n of nodes) clients.push(kmsClient(n));
  });

  after(async () => {
    for (const c of clients) c.destroy();
    await Promise.all(nodes.map((n) => n.stop()));
    await db?.end();
    await cluster?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('a key created on node 1 encrypts on node 2 and decrypts on node 3', async () => {
    const [k1, k2, k3] = clients as [KMSClient, KMSClient, KMSClient];
    const key = (await k1.send(new CreateKeyCommand({ Description: 'multi-node' }))).KeyMetadata!;
    const ct = (await k2.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('across nodes') }))).CiphertextBlob!;
    const pt = await k3.send(new DecryptCommand({ CiphertextBlob: ct }));
    assert.equal(Buffer.from(pt.Plaintext!).toString(), 'across nodes');
    assert.equal(pt.KeyId, key.Arn);
  });

  test('DisableKey on node 1: nodes 2 and 3 refuse within one second', async () => {
    const [k1, k2, k3] = clients as [KMSClient, KMSClient, KMSClient];
    const key = (await k1.send(new CreateKeyCommand({ Description: 'to disable' }))).KeyMetadata!;
    const enc = (kms: KMSClient) => kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') }));
    await enc(k2); // both nodes now hold the key (and its material) in their caches
    await enc(k3);
    await k1.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    const disabledAt = Date.now();
    for (const [name, kms] of [['node 2', k2], ['node 3', k3]] as const) {
      for (;;) {
        const err = await failure(enc(kms));
        if (err) {
          assert.equal(err.name, 'DisabledException', `${name}: ${err.message}`);
          break;
        }
        assert.ok(Date.now() - disabledAt <= 1000, `${name} still encrypts ${Date.now() - disabledAt} ms after DisableKey`);
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    const elapsed = Date.now() - disabledAt;
    assert.ok(elapsed <= 1000, `both refused within ${elapsed} ms`);
    await rejects(enc(k2), 'DisabledException');
    await rejects(enc(k3), 'DisabledException');
  });

  test('a deletion falling due under the shared test clock is performed once', async () => {
    const [k1, k2, k3] = clients as [KMSClient, KMSClient, KMSClient];
    const key = (await k1.send(new CreateKeyCommand({ Description: 'doomed' }))).KeyMetadata!;
    await k3.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') })); // cached on node 3
    await k1.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
    await advanceClock(nodes[1]!.url, 7 * DAY + 60); // through node 2; every node's clock moves
    await rejects(k3.send(new DescribeKeyCommand({ KeyId: key.KeyId })), 'NotFoundException');
    await rejects(k1.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') })), 'NotFoundException');
    // The lease holder's periodic run may have raced node 2's run: still one deletion and one system record.
    await waitUntil(async () => (await systemDeletes(key.Arn!)) >= 1, 'the system DeleteKey record', 3000);
    await new Promise((r) => setTimeout(r, 1500)); // a scheduler tick on every node
    assert.equal(await systemDeletes(key.Arn!), 1, 'exactly one system DeleteKey audit record');
    const now = (await advanceClock(nodes[2]!.url, 0)).now;
    assert.ok(Math.abs(now - (await advanceClock(nodes[0]!.url, 0)).now) < 5, 'all nodes share one test clock');
  });

  test('killing the scheduler lease holder hands the lease and the work to another node', async () => {
    await waitUntil(async () => nodeOf(await leaseHolder()) >= 0, 'a node holds the scheduler lease', 5000);
    const holder = nodeOf(await leaseHolder());
    const survivors = [0, 1, 2].filter((i) => i !== holder);
    const kms = clients[survivors[0]!]!;
    const key = (await kms.send(new CreateKeyCommand({ Description: 'doomed after the holder died' }))).KeyMetadata!;
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));

    const victim = nodes[holder]!;
    const exited = new Promise((r) => victim.process.once('exit', r));
    victim.process.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    // The dead node's lease lapses (3 s under the test clock) and a survivor's scheduler tick (1 s) takes it.
    await waitUntil(async () => survivors.includes(nodeOf(await leaseHolder())), 'a surviving node takes the lease', 8000);
    const handover = Date.now() - killedAt;

    await advanceClock(nodes[survivors[1]!]!.url, 7 * DAY + 60);
    for (const { kms: k } of live()) await rejects(k.send(new DescribeKeyCommand({ KeyId: key.KeyId })), 'NotFoundException');
    await waitUntil(async () => (await systemDeletes(key.Arn!)) >= 1, 'the system DeleteKey record', 3000);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await systemDeletes(key.Arn!), 1, 'exactly one system DeleteKey audit record');
    assert.ok(handover < 8000, `lease handed over after ${handover} ms`);
  });
});

async function waitUntil(cond: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) assert.fail(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
