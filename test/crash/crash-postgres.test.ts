// The crash suite on PostgreSQL: the same traffic and checks as on SQLite (crash-model.ts), and each cycle kills either
// the Keyward node (SIGKILL, then a restart) or PostgreSQL itself (`pg_ctl stop -m immediate`, down for up to 0.5 s,
// crash recovery on restart) while the node keeps running and must reconnect by itself. Every acknowledged result
// survives, `audit verify` passes. KEYWARD_CRASH_PG_CYCLES (default 4; `npm run test:crash`: 100).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ListKeysCommand } from '@aws-sdk/client-kms';
import { auditCli } from '../support/audit-tamper.js';
import { postgresAvailable, startPostgres } from '../support/postgres.js';
import { kmsClient, startTestServer, type TestServer } from '../support/server.js';
import { CrashModel, prng } from './crash-model.js';

const CYCLES = Number(process.env.KEYWARD_CRASH_PG_CYCLES ?? 4);
const SEED = Number(process.env.KEYWARD_CRASH_SEED ?? Date.now() % 1_000_000);
const WORKERS = 6;

/** Waits until the node answers again (after PostgreSQL came back, its pool reconnects on its own). */
async function answering(server: TestServer): Promise<void> {
  const kms = kmsClient(server);
  const end = Date.now() + 30_000;
  try {
    for (;;) {
      try {
        await kms.send(new ListKeysCommand({ Limit: 1 }));
        return;
      } catch (err) {
        if (Date.now() > end) throw new Error(`the node did not recover: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } finally {
    kms.destroy();
  }
}

test(`${CYCLES} cycles killing the node or PostgreSQL under mixed traffic: nothing acknowledged lost (seed ${SEED})`, { skip: !postgresAvailable(), timeout: 3_600_000 }, async () => {
  const random = prng(SEED);
  const model = new CrashModel(random);
  const cluster = await startPostgres();
  const url = await cluster.createDatabase();
  const args = ['--database-url', url];
  let server = await startTestServer({ args });
  let nodeKills = 0;
  let databaseKills = 0;
  try {
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const kms = kmsClient(server);
      let stop = false;
      const workers = [...Array(WORKERS).keys()].map(async (w) => {
        while (!stop) await model.step(kms, w).catch(() => new Promise((r) => setTimeout(r, 5)));
      });
      await new Promise((r) => setTimeout(r, 150 + Math.floor(random() * 600)));
      const killDatabase = cycle % 2 === 1;
      if (killDatabase) {
        await cluster.crashAndRestart(Math.floor(random() * 500));
        databaseKills++;
        await new Promise((r) => setTimeout(r, 100)); // traffic meets the recovering database too
      } else {
        const exited = new Promise((r) => server.process.once('exit', r));
        server.process.kill('SIGKILL');
        await exited;
        nodeKills++;
      }
      stop = true;
      await Promise.all(workers);
      kms.destroy();
      model.settle();
      if (!killDatabase) server = await startTestServer({ dataDir: server.dataDir, args });
      await answering(server);
      const checker = kmsClient(server);
      await model.check(checker).catch((err: Error) => {
        throw new Error(`cycle ${cycle + 1} (${killDatabase ? 'PostgreSQL' : 'node'} killed, seed ${SEED}): ${err.message}`);
      });
      checker.destroy();
      const verify = auditCli('verify', '--database-url', url);
      assert.equal(verify.status, 0, `cycle ${cycle + 1}: audit verify\n${verify.stdout}${verify.stderr}`);
    }
    assert.ok(model.acknowledged > CYCLES * 10, `traffic ran: ${model.acknowledged} acknowledged operations`);
    console.log(`# crash suite (PostgreSQL): ${CYCLES} cycles (${nodeKills} node kills, ${databaseKills} database kills), ${model.acknowledged} acknowledged operations, ${model.keys.size} keys, ${model.ciphertexts.length} ciphertexts, 0 lost`);
  } finally {
    await server.stop(true);
    await cluster.stop();
  }
});
