// `keyward scan --report-to` against the real ReportScanResults (issue 13): the inventory it sends shows in
// ListKeyVersions (ScanFound) and the destruction pre-flight refuses deleting the key while a scope still holds data
// under it; after `--rewrap` to a new version and a rescan of the same scope, version 1 is clean again.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CreateKeyCommand, EncryptCommand, RotateKeyOnDemandCommand, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { awsEnv, runCli } from '../support/cli.js';
import { useExtensionServer } from '../support/keyward.js';
import { rejects } from '../support/lifecycle-helpers.js';

const t = useExtensionServer();
const dir = mkdtempSync(join(tmpdir(), 'keyward-scan-report-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const scan = async (...extra: string[]) => {
  const r = await runCli(['scan', dir, '--report-to', '--json', ...extra], { env: awsEnv(t.server) });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout.toString()) as Record<string, unknown>;
};
const scanFound = async (keyId: string) =>
  (await t.kw.listKeyVersions({ KeyId: keyId })).Versions.map((v) => [v.KeyVersion, v.ScanFound?.Count ?? 0]);

test('scan --report-to feeds ListKeyVersions and the pre-flight; a rewrap and rescan clear version 1', async () => {
  const md = (await t.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
  for (let i = 0; i < 3; i++) {
    const blob = (await t.kms.send(new EncryptCommand({ KeyId: md.KeyId, Plaintext: Buffer.from(`row ${i}`) }))).CiphertextBlob!;
    writeFileSync(join(dir, `row-${i}.bin`), blob);
  }
  writeFileSync(join(dir, 'noise.txt'), 'nothing to see');
  await scan();
  assert.deepEqual(await scanFound(md.KeyId!), [[1, 3]]);

  // Only the scan check on: it alone refuses, naming the scan.
  await t.kw.putDestructionPreflight({ KeyId: md.KeyId!, Enabled: true, RecentUseDays: 0, RequireReEncryption: false, RequireCleanScan: true });
  const refused = await rejects(t.kms.send(new ScheduleKeyDeletionCommand({ KeyId: md.KeyId, PendingWindowInDays: 7 })), 'KMSInvalidStateException');
  assert.match(refused.message, /ScanFoundData/);

  await t.kms.send(new RotateKeyOnDemandCommand({ KeyId: md.KeyId }));
  await scan('--rewrap');
  await scan(); // the same scope, now all on version 2
  assert.deepEqual(await scanFound(md.KeyId!), [[1, 0], [2, 3]]);
});
