// Turning anomaly detection on for an installation that already has traffic (docs/anomaly.md "Restarts and several
// nodes"): the detectors learn who used which key and from which network from the audit log's newest records, so the
// usual traffic raises no "first" alert, while a really new network still does.
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { after, test } from 'node:test';
import { CreateKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { keywardClient } from '../support/keyward.js';
import { kmsClient } from '../support/lifecycle-helpers.js';
import { startTestServer, TEST_ACCOUNT, type TestServer } from '../support/server.js';

let server: TestServer | undefined;
const clients: { destroy(): void }[] = [];
after(async () => {
  for (const c of clients) c.destroy();
  await server?.stop(true);
});

function kmsAs(credentials: { accessKeyId: string; secretAccessKey: string }, localAddress?: string): KMSClient {
  const c = new KMSClient({
    endpoint: server!.url, region: server!.region, credentials, maxAttempts: 1,
    ...(localAddress ? { requestHandler: { httpAgent: new Agent({ localAddress }) } } : {}),
  });
  clients.push(c);
  return c;
}

test('history from before detection was on: no first-use or new-network alert for usual traffic; a new network alerts', async () => {
  server = await startTestServer({ args: ['--anomaly-detection', 'off'] });
  const admin = kmsClient(server);
  const iam = new IAMClient({ endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1 });
  clients.push(admin, iam);
  const key = (await admin.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  await iam.send(new CreateUserCommand({ UserName: 'olga' }));
  await iam.send(new PutUserPolicyCommand({
    UserName: 'olga', PolicyName: 'kms', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] }),
  }));
  const ak = (await iam.send(new CreateAccessKeyCommand({ UserName: 'olga' }))).AccessKey!;
  const olga = { accessKeyId: ak.AccessKeyId!, secretAccessKey: ak.SecretAccessKey! };
  await kmsAs(olga).send(new EncryptCommand({ KeyId: key, Plaintext: Buffer.from('before detection') }));

  await server.stop(false);
  server = await startTestServer({ dataDir: server.dataDir });
  const kw = keywardClient(server);
  await kmsAs(olga).send(new EncryptCommand({ KeyId: key, Plaintext: Buffer.from('usual') }));
  await kmsAs(server.credentials).send(new EncryptCommand({ KeyId: key, Plaintext: Buffer.from('usual') }));
  assert.deepEqual((await kw.listAlerts({})).Alerts, [], 'the usual users, keys and networks were learnt from the audit log');
  await kmsAs(olga, '127.0.1.2').send(new EncryptCommand({ KeyId: key, Plaintext: Buffer.from('from elsewhere') }));
  const alerts = (await kw.listAlerts({})).Alerts;
  assert.deepEqual(alerts.map((a) => [a.AlertType, a.Principal, a.SourceAddress]), [['NEW_SOURCE_NETWORK', `arn:aws:iam::${TEST_ACCOUNT}:user/olga`, '127.0.1.2']]);
});
