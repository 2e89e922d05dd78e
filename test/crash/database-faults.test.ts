// Database faults: PostgreSQL crashes and stays down for 3 s under load. Meanwhile every request fails fast (well
// inside the 5 s connection timeout) with the retryable DependencyTimeoutException naming the database; the node
// reconnects by itself, and every request acknowledged before the fault still reads back. (Leases moving between
// nodes when the holder dies: test/e2e/multi-node.test.ts.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateKeyCommand, DescribeKeyCommand, EncryptCommand, DecryptCommand } from '@aws-sdk/client-kms';
import { postgresAvailable, startPostgres } from '../support/postgres.js';
import { kmsClient, startTestServer } from '../support/server.js';

test('PostgreSQL down for 3 s: fast, clear, retryable failures; automatic recovery; nothing acknowledged lost', { skip: !postgresAvailable() }, async () => {
  const cluster = await startPostgres();
  const url = await cluster.createDatabase();
  const server = await startTestServer({ args: ['--database-url', url] });
  const kms = kmsClient(server);
  try {
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const blob = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('before the fault') }))).CiphertextBlob!;
    const down = cluster.crashAndRestart(3000);
    await new Promise((r) => setTimeout(r, 300));
    const outcomes: { ms: number; name: string; message: string }[] = [];
    for (let i = 0; i < 10; i++) {
      const start = Date.now();
      try {
        await kms.send(new CreateKeyCommand({ Description: 'during the fault' }));
        outcomes.push({ ms: Date.now() - start, name: 'ok', message: '' });
      } catch (err) {
        outcomes.push({ ms: Date.now() - start, name: (err as Error).name, message: (err as Error).message });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await down;
    const failed = outcomes.filter((o) => o.name !== 'ok');
    assert.ok(failed.length >= 5, `requests failed while the database was down: ${JSON.stringify(outcomes)}`);
    for (const f of failed) {
      assert.equal(f.name, 'DependencyTimeoutException', f.message);
      assert.match(f.message, /database is unavailable/);
      assert.ok(f.ms < 5000, `answered in ${f.ms} ms`);
    }
    const end = Date.now() + 15_000;
    for (;;) {
      try {
        await kms.send(new CreateKeyCommand({ Description: 'after the fault' }));
        break;
      } catch (err) {
        if (Date.now() > end) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState, 'Enabled');
    assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), 'before the fault');
  } finally {
    kms.destroy();
    await server.stop(true);
    await cluster.stop();
  }
});
