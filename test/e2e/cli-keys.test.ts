// The key commands of the keyward CLI against a real server, with endpoint and credentials found the AWS way:
// `keyward keys`, `keyward key show`, `keyward datakey` and `keyward doctor`, their tables and their --json parsed
// here; an AWS profile (config endpoint_url + credentials file) instead of environment variables; failures' exit codes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  CreateAliasCommand, CreateGrantCommand, CreateKeyCommand, DecryptCommand, EnableKeyRotationCommand, RotateKeyOnDemandCommand, ScheduleKeyDeletionCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { awsEnv, runCli } from '../support/cli.js';
import { useTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let kms: KMSClient;
let keyId = '';
let doomed = '';
const profileDir = mkdtempSync(join(tmpdir(), 'keyward-cli-profile-'));
after(() => rmSync(profileDir, { recursive: true, force: true }));

useTestServer({}, async (s, k) => {
  server = s;
  kms = k;
  keyId = (await kms.send(new CreateKeyCommand({ Description: 'app data' }))).KeyMetadata!.KeyId!;
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/cli-app', TargetKeyId: keyId }));
  await kms.send(new EnableKeyRotationCommand({ KeyId: keyId }));
  await kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
  await kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: 'arn:aws:iam::111122223333:root', Operations: ['Decrypt'] }));
  doomed = (await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }))).KeyMetadata!.KeyId!;
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: doomed, PendingWindowInDays: 7 }));
});

const env = () => awsEnv(server);
const json = (r: { stdout: Buffer }) => JSON.parse(r.stdout.toString()) as Record<string, unknown>;

test('keyward keys: every key with state, spec, aliases, rotation and the next lifecycle date', async () => {
  const r = await runCli(['keys', '--json'], { env: env() });
  assert.equal(r.code, 0, r.stderr);
  const keys = json(r).Keys as { KeyId: string; KeyState: string; KeySpec: string; Aliases: string[]; RotationEnabled: boolean | null; NextRotationDate: string | null; DeletionDate: string | null }[];
  const app = keys.find((k) => k.KeyId === keyId)!;
  assert.deepEqual([app.KeyState, app.KeySpec, app.Aliases, app.RotationEnabled], ['Enabled', 'SYMMETRIC_DEFAULT', ['alias/cli-app'], true]);
  assert.ok(app.NextRotationDate && Date.parse(app.NextRotationDate) > Date.now());
  const gone = keys.find((k) => k.KeyId === doomed)!;
  assert.deepEqual([gone.KeyState, gone.RotationEnabled], ['PendingDeletion', null]);
  assert.ok(gone.DeletionDate && Date.parse(gone.DeletionDate) > Date.now());
  const pending = await runCli(['keys', '--state', 'PendingDeletion', '--json'], { env: env() });
  assert.deepEqual((json(pending).Keys as { KeyId: string }[]).map((k) => k.KeyId), [doomed]);
  const people = await runCli(['keys'], { env: env() });
  assert.equal(people.code, 0, people.stderr);
  assert.match(people.stdout.toString(), /^KEY ID\s+STATE\s+SPEC\s+USAGE\s+ALIASES\s+ROTATION\s+NEXT/);
  assert.match(people.stdout.toString(), new RegExp(`${keyId}\\s+Enabled\\s+SYMMETRIC_DEFAULT\\s+ENCRYPT_DECRYPT\\s+alias/cli-app\\s+on\\s+rotates \\d{4}-`));
  assert.match(people.stdout.toString(), new RegExp(`${doomed}\\s+PendingDeletion.*deleted \\d{4}-`));
});

test('keyward key show: metadata, versions, grants, policy summary and timeline; unknown keys exit 1', async () => {
  const r = await runCli(['key', 'show', 'alias/cli-app', '--json'], { env: env() });
  assert.equal(r.code, 0, r.stderr);
  const d = json(r) as { Key: { KeyId: string }; Rotations: { RotationType: string }[]; Versions: { KeyVersion: number; Current: boolean }[]; Grants: { Operations: string[] }[]; PolicySummary: { Sid: string; Effect: string }[]; Timeline: { EventType: string; KeyVersion?: number }[] };
  assert.equal(d.Key.KeyId, keyId);
  assert.deepEqual(d.Rotations.map((x) => x.RotationType), ['ON_DEMAND']);
  assert.deepEqual(d.Versions.map((v) => [v.KeyVersion, v.Current]), [[1, false], [2, true]]);
  assert.deepEqual(d.Grants.map((g) => g.Operations), [['Decrypt']]);
  assert.deepEqual(d.PolicySummary.map((p) => [p.Sid, p.Effect]), [['Enable IAM User Permissions', 'Allow']]);
  assert.deepEqual(d.Timeline.map((e) => e.EventType), ['KeyRotated'], 'the on-demand rotation, from the lifecycle events');
  const people = await runCli(['key', 'show', keyId], { env: env() });
  assert.equal(people.code, 0, people.stderr);
  for (const section of ['Versions', 'Grants', 'Key policy', 'Timeline']) assert.match(people.stdout.toString(), new RegExp(`^${section}$`, 'm'));
  assert.match(people.stdout.toString(), /rotation: on, next \d{4}-.*, 1 rotation\(s\)/);
  assert.match(people.stdout.toString(), /^\S+\s+KeyRotated\s+2?\s*\S+/m);
  const missing = await runCli(['key', 'show', 'alias/nope'], { env: env() });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /NotFoundException: Alias arn:aws:kms:[^ ]+:alias\/nope is not found/);
});

test('keyward datakey: a data key whose encrypted copy decrypts to its plaintext under the same context', async () => {
  const r = await runCli(['datakey', '--key', 'alias/cli-app', '--context', 'purpose=backup', '--json'], { env: env() });
  assert.equal(r.code, 0, r.stderr);
  const d = json(r) as { KeyId: string; CiphertextBlob: string; Plaintext: string };
  assert.equal(Buffer.from(d.Plaintext, 'base64').length, 32);
  const back = await kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from(d.CiphertextBlob, 'base64'), EncryptionContext: { purpose: 'backup' } }));
  assert.equal(Buffer.from(back.Plaintext!).toString('base64'), d.Plaintext);
  const only = await runCli(['datakey', '--key', keyId, '--no-plaintext', '--bytes', '16'], { env: env() });
  assert.equal(only.code, 0, only.stderr);
  const lines = only.stdout.toString().trim().split('\n');
  assert.equal(lines.length, 1, 'only the encrypted copy');
  const plain = await kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from(lines[0]!, 'base64') }));
  assert.equal(plain.Plaintext!.length, 16);
  assert.equal((await runCli(['datakey', '--key', keyId, '--spec', 'AES_512'], { env: env() })).code, 2);
  const refused = await runCli(['datakey', '--key', doomed], { env: env() });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /KMSInvalidStateException/);
});

test('an AWS profile (endpoint_url in the config file, keys in the credentials file) serves keyward as it serves the aws CLI', async () => {
  writeFileSync(join(profileDir, 'config'), `[profile keyward]\nregion = ${server.region}\nendpoint_url = ${server.url}\n`);
  writeFileSync(join(profileDir, 'credentials'), `[keyward]\naws_access_key_id = ${server.credentials.accessKeyId}\naws_secret_access_key = ${server.credentials.secretAccessKey}\n`);
  const profileEnv = {
    AWS_PROFILE: 'keyward', AWS_CONFIG_FILE: join(profileDir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(profileDir, 'credentials'),
  };
  const r = await runCli(['keys', '--json', '--profile', 'keyward'], { env: profileEnv });
  assert.equal(r.code, 0, r.stderr);
  assert.ok((json(r).Keys as { KeyId: string }[]).some((k) => k.KeyId === keyId));
  const show = await runCli(['key', 'show', keyId, '--json', '--profile', 'keyward'], { env: profileEnv });
  assert.equal(show.code, 0, `Keyward's own operations are signed with the profile's keys too: ${show.stderr}`);
});

test('keyward doctor: every check passes against a dev server; an unreachable endpoint fails with exit 1', async () => {
  const r = await runCli(['doctor', '--json'], { env: env() });
  assert.equal(r.code, 0, r.stderr);
  const checks = json(r).Checks as { Check: string; Status: string; Detail: string }[];
  assert.deepEqual(checks.map((c) => [c.Check, c.Status]), [['endpoint', 'ok'], ['clock', 'ok'], ['credentials', 'ok'], ['seal', 'ok'], ['tls', 'ok']]);
  const badKey = await runCli(['doctor', '--json'], { env: { ...env(), AWS_SECRET_ACCESS_KEY: 'x'.repeat(40) } });
  assert.equal(badKey.code, 1);
  assert.equal((json(badKey).Checks as { Check: string; Status: string }[]).find((c) => c.Check === 'credentials')!.Status, 'fail');
  const down = await runCli(['doctor', '--endpoint-url', 'http://127.0.0.1:9'], { env: env() });
  assert.equal(down.code, 1);
  assert.match(down.stdout.toString(), /endpoint\s+fail\s+cannot reach http:\/\/127\.0\.0\.1:9/);
});
