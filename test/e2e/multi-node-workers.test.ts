// `--workers 2` on SQLite: the primary prints the dev banner once, two worker processes answer on the shared port,
// a key created through one worker is usable through the other, a DisableKey made through one is refused by both
// within a second (the key_changes change feed), a killed worker is replaced, and SIGTERM stops them all.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Agent, request } from 'node:http';
import { CreateKeyCommand, DecryptCommand, DisableKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { failure } from '../support/lifecycle-helpers.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;

before(async () => {
  server = await startTestServer({ args: ['--workers', '2'] });
});

after(async () => {
  await server?.stop(true);
});

/** GET /healthz on a new connection each time (so the primary spreads them over the workers); the answering pid. */
function healthPid(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url + '/healthz', { agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve((JSON.parse(body) as { pid: number }).pid));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A client per connection: no keep-alive, so consecutive calls land on different workers (round robin). */
function client(): KMSClient {
  return new KMSClient({
    endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1,
    requestHandler: { httpAgent: new Agent({ keepAlive: false }) },
  });
}

const workerPids = () => execFileSync('pgrep', ['-P', String(server.process.pid)], { encoding: 'utf8' })
  .trim().split('\n').filter(Boolean).map(Number);

test('two workers answer on one port; the banner is printed once', async () => {
  const pids = new Set<number>();
  for (let i = 0; i < 20 && pids.size < 2; i++) pids.add(await healthPid(server.url));
  assert.equal(pids.size, 2, `answers from two processes: ${[...pids]}`);
  assert.ok(!pids.has(server.process.pid!), 'the primary does not serve requests');
  assert.deepEqual([...pids].sort(), workerPids().sort());
  assert.equal(server.output().match(/listening on http/g)?.length, 1, 'one dev banner');
});

test('a key created through one worker works through the other; DisableKey reaches both within a second', async () => {
  const kms = client();
  try {
    const key = (await kms.send(new CreateKeyCommand({ Description: 'workers' }))).KeyMetadata!;
    const cts: Uint8Array[] = [];
    for (let i = 0; i < 6; i++) { // alternate workers: both cache the key
      cts.push((await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from(`m${i}`) }))).CiphertextBlob!);
    }
    for (const [i, ct] of cts.entries()) {
      assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: ct }))).Plaintext!).toString(), `m${i}`);
    }
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    const t0 = Date.now();
    let refusedInARow = 0;
    while (refusedInARow < 6) { // six consecutive refusals: both workers
      const err = await failure(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') })));
      if (err) assert.equal(err.name, 'DisabledException');
      refusedInARow = err ? refusedInARow + 1 : 0;
      assert.ok(Date.now() - t0 <= 1000 || refusedInARow > 0, `a worker still encrypts ${Date.now() - t0} ms after DisableKey`);
    }
  } finally {
    kms.destroy();
  }
});

test('a killed worker is replaced', async () => {
  const [victim] = workerPids();
  process.kill(victim!, 'SIGKILL');
  const until = Date.now() + 10_000;
  for (;;) {
    const pids = workerPids();
    if (pids.length === 2 && !pids.includes(victim!)) break;
    assert.ok(Date.now() < until, `no replacement worker: ${pids}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const seen = new Set<number>();
  // Both workers answer once the new one has started (on a busy machine that can take a few seconds).
  for (const deadline = Date.now() + 10_000; Date.now() < deadline && seen.size < 2;) {
    const pid = await healthPid(server.url).catch(() => undefined); // the new worker may still be starting
    if (pid) seen.add(pid);
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(seen.size, 2);
});

test('SIGTERM stops the primary and every worker', async () => {
  const pids = workerPids();
  await server.stop();
  assert.equal(server.process.exitCode, 0);
  for (const pid of pids) assert.throws(() => process.kill(pid, 0), 'worker gone');
});
