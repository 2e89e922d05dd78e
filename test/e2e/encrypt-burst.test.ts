// A burst of concurrent Encrypts on a fresh key: every one succeeds, on SQLite and on PostgreSQL (where reserving
// takes a round trip). The AES-GCM invocation budget reserves ranges that start at one invocation; requests that
// waited on one refill must share it out or reserve again, not fail with "reached its limit".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateKeyCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { postgresAvailable, withPostgresServer } from '../support/postgres.js';
import { kmsClient, startTestServer } from '../support/server.js';

async function burst(kms: KMSClient): Promise<void> {
  for (let round = 0; round < 3; round++) {
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const results = await Promise.allSettled([...Array(100)].map(() => kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('burst') }))));
    const failed = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
    assert.deepEqual(failed.slice(0, 3), [], `${failed.length} of 100 failed`);
  }
}

test('100 concurrent Encrypts on a fresh key all succeed (SQLite)', async () => {
  const server = await startTestServer();
  const kms = kmsClient(server);
  try {
    await burst(kms);
  } finally {
    kms.destroy();
    await server.stop(true);
  }
});

test('100 concurrent Encrypts on a fresh key all succeed (PostgreSQL)', { skip: !postgresAvailable() }, async () => {
  await withPostgresServer([], ({ kms }) => burst(kms));
});
