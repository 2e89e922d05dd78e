// Usage limits stay exact across nodes: two servers over one PostgreSQL with --gcm-invocation-limit 40, 70 concurrent
// Encrypts of one key spread over both, and exactly 40 succeed (the reservation counter in the store never passes the
// limit, whichever node reserves); the rest are refused with KMSInvalidStateException naming the version, and both nodes
// report the same exact counters. docs/extension-api.md; issue 12.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { KeywardClient } from '../../src/client/index.js';
import { keywardClient } from '../support/keyward.js';
import { failure, kmsClient, newKeyIds, pool } from '../support/lifecycle-helpers.js';
import { postgresAvailable, startPostgres, type TestPostgres } from '../support/postgres.js';
import { startTestServer, type TestServer } from '../support/server.js';

const skip = postgresAvailable() ? false : 'PostgreSQL 15 binaries not installed';
const LIMIT = 40;
const REQUESTS = 70;

describe('usage limits on two nodes over PostgreSQL', { skip }, () => {
  let cluster: TestPostgres;
  const nodes: TestServer[] = [];
  let kms: KMSClient[] = [];
  let kw: KeywardClient[] = [];

  before(async () => {
    cluster = await startPostgres();
    const url = await cluster.createDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'keyward-usage-pg-'));
    const args = ['--database-url', url, '--gcm-invocation-limit', String(LIMIT)];
    nodes.push(await startTestServer({ dataDir, args }));
    nodes.push(await startTestServer({ dataDir, args }));
    kms = nodes.map(kmsClient);
    kw = nodes.map(keywardClient);
  });

  after(async () => {
    for (const k of kms) k.destroy();
    await Promise.all(nodes.map((n) => n.stop(true)));
    await cluster?.stop();
  });

  test(`${REQUESTS} concurrent Encrypts over both nodes: exactly ${LIMIT} succeed`, async () => {
    const { keyId, arn } = await newKeyIds(kms[0]!);
    const results = await pool(Array.from({ length: REQUESTS }, (_, i) => i), 24, (i) =>
      failure(kms[i % 2]!.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(`m${i}`) }))));
    const errors = results.filter((e) => e !== undefined);
    assert.equal(REQUESTS - errors.length, LIMIT, `successes (errors: ${[...new Set(errors.map((e) => `${e.name}: ${e.message}`))].join(' | ')})`);
    for (const e of errors) {
      assert.equal(e.name, 'KMSInvalidStateException');
      assert.match(e.message, new RegExp(`^Key version 1 of ${arn} has reached its limit of ${LIMIT} encryptions`));
    }
    for (const client of kw) {
      const [v1] = (await client.listKeyVersions({ KeyId: keyId })).Versions;
      assert.deepEqual([v1!.InvocationsReserved, v1!.InvocationLimit, v1!.CiphertextsProduced], [LIMIT, LIMIT, LIMIT]);
      const events = (await client.listLifecycleEvents({ KeyId: keyId, EventTypes: ['UsageLimitWarning', 'UsageLimitReached'] })).Events;
      assert.deepEqual(events.map((e) => e.EventType), ['UsageLimitWarning', 'UsageLimitReached'], 'each threshold raised once, by one node');
    }
  });
});
