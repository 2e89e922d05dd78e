// A node killed with SIGKILL under load (CreateKey, RotateKeyOnDemand, Encrypt from several concurrent clients)
// loses nothing it acknowledged: after a restart every acknowledged CreateKey and rotation is there (DescribeKey,
// ListKeyRotations), every acknowledged request has its audit record (by request id), the audit chain verifies, and
// no key is half created (every key has all its versions). On SQLite, and on PostgreSQL when it is installed.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateKeyCommand, DescribeKeyCommand, EncryptCommand, type KMSClient, ListKeyRotationsCommand, RotateKeyOnDemandCommand,
} from '@aws-sdk/client-kms';
import { verifyChain } from '../../src/audit/audit-chain.js';
import type { AuditRecord } from '../../src/core/model.js';
import type { Store } from '../../src/core/ports.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { kmsClient } from '../support/lifecycle-helpers.js';
import { postgresAvailable, startPostgres, type TestPostgres } from '../support/postgres.js';
import { startTestServer, type TestServer } from '../support/server.js';

const LOAD_MS = 2500;
// The kill comes after LOAD_MS and once this much was acknowledged (a loaded CI machine answers slowly), or at LOAD_MAX_MS.
const MIN_KEYS = 5;
const MIN_ANSWERS = 50;
const LOAD_MAX_MS = 60_000;
const CLIENTS = 8;

interface Acked {
  requestIds: Set<string>;
  created: Set<string>;
  rotations: Map<string, number>;
}

/** Runs the load until the server dies; records what was acknowledged (a response with a request id). */
async function load(server: TestServer, acked: Acked): Promise<void> {
  const kms = kmsClient(server);
  const keys: string[] = [];
  let dead = false;
  const ack = (out: { $metadata: { requestId?: string | undefined } }) => {
    assert.ok(out.$metadata.requestId, 'every answer carries a request id');
    acked.requestIds.add(out.$metadata.requestId);
  };
  const worker = async (w: number) => {
    for (let i = 0; !dead; i++) {
      try {
        const pick = keys[Math.floor(Math.random() * keys.length)];
        if (pick === undefined || i % 4 === 0) {
          const out = await kms.send(new CreateKeyCommand({ Description: `crash ${w}/${i}` }));
          ack(out);
          acked.created.add(out.KeyMetadata!.KeyId!);
          keys.push(out.KeyMetadata!.KeyId!);
        } else if (i % 4 === 1) {
          const out = await kms.send(new RotateKeyOnDemandCommand({ KeyId: pick }));
          ack(out);
          acked.rotations.set(pick, (acked.rotations.get(pick) ?? 0) + 1);
        } else {
          ack(await kms.send(new EncryptCommand({ KeyId: pick, Plaintext: Buffer.from(`load ${w}/${i}`) })));
        }
      } catch (err) {
        // A refusal the service answered (e.g. rotation rate limits) is acknowledged too; a dropped connection is not.
        const meta = (err as { $metadata?: { requestId?: string; httpStatusCode?: number } }).$metadata;
        if (meta?.requestId && meta.httpStatusCode) acked.requestIds.add(meta.requestId);
        else if (server.process.exitCode !== null || server.process.signalCode !== null) dead = true;
      }
    }
  };
  const running = Promise.all(Array.from({ length: CLIENTS }, (_, w) => worker(w)));
  const start = Date.now();
  while (Date.now() - start < LOAD_MAX_MS && (Date.now() - start < LOAD_MS || acked.created.size < MIN_KEYS || acked.requestIds.size < MIN_ANSWERS)) {
    await new Promise((r) => setTimeout(r, 100));
  }
  server.process.kill('SIGKILL');
  await new Promise((r) => server.process.once('exit', r));
  dead = true;
  await running;
  kms.destroy();
}

async function allAudit(store: Store): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  for (let after = 0; ;) {
    const page = await store.readAudit(after, 1000);
    if (page.length === 0) return out;
    out.push(...page);
    after = page[page.length - 1]!.seq;
  }
}

async function crashAndCheck(args: string[], openStore: (dataDir: string) => Promise<Store>): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keyward-crash-'));
  let server: TestServer | undefined;
  let kms: KMSClient | undefined;
  try {
    server = await startTestServer({ dataDir, args });
    const acked: Acked = { requestIds: new Set(), created: new Set(), rotations: new Map() };
    await load(server, acked);
    assert.ok(acked.created.size >= MIN_KEYS && acked.requestIds.size >= MIN_ANSWERS, `enough load: ${acked.created.size} keys, ${acked.requestIds.size} answers`);

    server = await startTestServer({ dataDir, args });
    const client = kmsClient(server);
    kms = client;
    for (const keyId of acked.created) {
      const md = (await client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
      assert.equal(md.KeyState, 'Enabled', `acknowledged key ${keyId}`);
    }
    for (const [keyId, n] of acked.rotations) {
      const rot = await client.send(new ListKeyRotationsCommand({ KeyId: keyId, Limit: 1000 }));
      assert.ok((rot.Rotations?.length ?? 0) >= n, `${keyId}: ${n} acknowledged rotations, ${rot.Rotations?.length} listed`);
    }
    kms.destroy();
    kms = undefined;
    await server.stop();

    const store = await openStore(dataDir);
    try {
      const audit = await allAudit(store);
      assert.equal(verifyChain(audit), undefined, 'the audit chain verifies');
      const recorded = new Set(audit.map((r) => r.requestId));
      const missing = [...acked.requestIds].filter((id) => !recorded.has(id));
      assert.deepEqual(missing, [], 'every acknowledged request has its audit record');
      for (let page = await store.listKeys(1000); ; page = await store.listKeys(1000, page.next)) {
        for (const k of page.items) {
          const versions = (await store.getKeyVersions(k.keyId)).map((v) => v.version);
          assert.deepEqual(versions, Array.from({ length: k.currentVersion }, (_, i) => i + 1), `key ${k.keyId} has all its versions`);
        }
        if (!page.next) break;
      }
    } finally {
      await store.close();
    }
  } finally {
    kms?.destroy();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('SIGKILL under load', () => {
  let pgCluster: TestPostgres | undefined;
  after(async () => {
    await pgCluster?.stop();
  });

  test('SQLite: nothing acknowledged is lost', async () => {
    await crashAndCheck([], async (dataDir) => new SqliteStore(join(dataDir, 'keyward.db')));
  });

  test('PostgreSQL: nothing acknowledged is lost', { skip: postgresAvailable() ? false : 'PostgreSQL 15 not installed' }, async () => {
    pgCluster = await startPostgres();
    const url = await pgCluster.createSchema();
    await crashAndCheck(['--database-url', url], async () => new PostgresStore(url));
  });
});
