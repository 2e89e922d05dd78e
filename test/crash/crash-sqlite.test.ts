// The crash suite on SQLite: mixed traffic from 6 clients, the server SIGKILLed at a random moment in each cycle,
// restarted on the same data directory and checked (crash-model.ts): every acknowledged key, state, alias, grant,
// rotation and ciphertext is there, unacknowledged keys are whole or absent, and `audit verify` passes.
// KEYWARD_CRASH_CYCLES (default 4 in `npm test`; `npm run test:crash`: 200), KEYWARD_CRASH_SEED to replay.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { auditCli } from '../support/audit-tamper.js';
import { kmsClient, startTestServer, type TestServer } from '../support/server.js';
import { CrashModel, prng } from './crash-model.js';

const CYCLES = Number(process.env.KEYWARD_CRASH_CYCLES ?? 4);
const SEED = Number(process.env.KEYWARD_CRASH_SEED ?? Date.now() % 1_000_000);
const WORKERS = 6;

/** Traffic until the kill: each worker loops; errors (the kill resets connections) end nothing but that request. */
async function load(server: TestServer, model: CrashModel, killAfterMs: number): Promise<void> {
  const kms = kmsClient(server);
  let killed = false;
  const workers = [...Array(WORKERS).keys()].map(async (w) => {
    while (!killed) await model.step(kms, w).catch(() => undefined);
  });
  await new Promise((r) => setTimeout(r, killAfterMs));
  const exited = new Promise((r) => server.process.once('exit', r));
  server.process.kill('SIGKILL');
  await exited;
  killed = true;
  await Promise.all(workers);
  kms.destroy();
}

test(`${CYCLES} SIGKILL cycles under mixed traffic: nothing acknowledged lost, audit chain intact (seed ${SEED})`, { timeout: 3_600_000 }, async () => {
  const random = prng(SEED);
  const model = new CrashModel(random);
  let server = await startTestServer();
  const dataDir = server.dataDir;
  try {
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      await load(server, model, 150 + Math.floor(random() * 600));
      model.settle();
      server = await startTestServer({ dataDir });
      const kms = kmsClient(server);
      await model.check(kms).catch((err: Error) => {
        throw new Error(`cycle ${cycle + 1} (seed ${SEED}): ${err.message}`);
      });
      kms.destroy();
      const verify = auditCli('verify', '--data-dir', dataDir);
      assert.equal(verify.status, 0, `cycle ${cycle + 1}: audit verify\n${verify.stdout}${verify.stderr}`);
    }
    assert.ok(model.acknowledged > CYCLES * 10, `traffic ran: ${model.acknowledged} acknowledged operations`);
    console.log(`# crash suite (SQLite): ${CYCLES} cycles, ${model.acknowledged} acknowledged operations, ${model.keys.size} keys, ${model.ciphertexts.length} ciphertexts, 0 lost`);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
