// The web console in a real Chromium against a real server on the test clock: sign in (STS GetSessionToken in the
// page), create a symmetric and an RSA key in the wizard, encrypt and decrypt in the try-it panel, enable rotation and
// see the rotation on the timeline after the clock passes the period, schedule deletion and see the countdown, edit
// the policy (an invalid document is refused and nothing is saved; a valid one shows its diff and is saved), find the
// request in the audit explorer under the signed-in principal, and sign out (no credential left in storage or heap).
// axe finds no serious or critical violation on any page, in either theme, at 1280×800 and 390 px wide.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CreateKeyCommand, DescribeKeyCommand, DisableKeyCommand, EncryptCommand, GetKeyPolicyCommand, ListKeyRotationsCommand, ListKeysCommand, ScheduleKeyDeletionCommand, type KMSClient } from '@aws-sdk/client-kms';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { iamClient, kmsFor, stsClient } from '../support/identity.js';
import { keywardClient } from '../support/keyward.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { kmsClient, startTestServer, TEST_ACCESS_KEY_ID, TEST_ACCOUNT, TEST_SECRET_ACCESS_KEY, type TestServer } from '../support/server.js';
import { advanceClock, DAY } from '../support/lifecycle-helpers.js';
import { assertAccessible, launchChromium, overflowsHorizontally, screenshot } from './browser-support.js';

let server: TestServer;
let kms: KMSClient;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Every URL the page requested, and the temporary credentials STS issued to it. */
const requested: string[] = [];
const issued: { accessKeyId: string; secretAccessKey: string }[] = [];
const keys: { sym?: string; rsa?: string } = {};

before(async () => {
  server = await startTestServer({ args: ['--test-clock'] });
  kms = kmsClient(server);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.on('request', (r) => requested.push(r.url()));
  page.on('response', async (r) => {
    if (r.request().method() !== 'POST' || !(r.request().postData() ?? '').includes('Action=GetSessionToken')) return;
    const xml = await r.text();
    const tag = (t: string) => new RegExp(`<${t}>([^<]+)</${t}>`).exec(xml)?.[1] ?? '';
    issued.push({ accessKeyId: tag('AccessKeyId'), secretAccessKey: tag('SecretAccessKey') });
  });
});

after(async () => {
  await browser?.close();
  kms?.destroy();
  await server?.stop(true);
});

async function signIn(): Promise<void> {
  await page.getByLabel('Access key ID').fill(TEST_ACCESS_KEY_ID);
  await page.getByLabel('Secret access key').fill(TEST_SECRET_ACCESS_KEY);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

const keyIdFromUrl = () => /#\/keys\/([0-9a-f-]{36})/.exec(page.url())?.[1];

async function createKeyInWizard(spec: RegExp, usage: string, alias: string): Promise<string> {
  await page.goto(`${server.url}/console/#/keys`);
  await page.getByRole('link', { name: 'Create key' }).click();
  await page.getByRole('radio', { name: spec }).check();
  await page.getByRole('radio', { name: usage, exact: true }).check();
  await assertAccessible(page, 'the wizard, key type');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('radio', { name: /^AWS_KMS/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Alias (optional)').fill(alias);
  await page.getByRole('button', { name: 'Next' }).click();
  await assertAccessible(page, 'the wizard, review');
  await page.getByRole('button', { name: 'Create key' }).click();
  await page.waitForURL(/#\/keys\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { name: 'Try it' }).waitFor();
  return keyIdFromUrl()!;
}

async function tryEncryptDecrypt(text: string): Promise<void> {
  const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Try it' }) });
  await panel.getByLabel('Test string').fill(text);
  await panel.getByRole('button', { name: 'Encrypt' }).click();
  await page.waitForFunction(() => ((document.getElementById('try-out1') as HTMLTextAreaElement | null)?.value ?? '').length > 40);
  await panel.getByRole('button', { name: 'Decrypt' }).click();
  await page.waitForFunction((t) => document.getElementById('try-out2')?.textContent === t, text);
}

test('the console answers with a strict CSP, refuses framing and sniffing, and has no inline script', async () => {
  const res = await fetch(`${server.url}/console/`);
  assert.equal(res.status, 200);
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /^default-src 'self';/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(res.headers.get('x-frame-options'), 'DENY');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  const html = await res.text();
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    assert.match(m[1]!, /\bsrc="[^":]+"/, 'every script is a file of this origin');
    assert.equal(m[2]!.trim(), '', 'no inline script');
  }
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handler');
  const js = await fetch(`${server.url}/console/app.js`);
  assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal(js.headers.get('x-frame-options'), 'DENY');
  const redirect = await fetch(`${server.url}/console`, { redirect: 'manual' });
  assert.equal(redirect.status, 301);
  assert.equal(redirect.headers.get('location'), '/console/');
  assert.equal((await fetch(`${server.url}/console/nope.js`)).status, 404);
});

test('sign in: the access key becomes temporary credentials that sign every call, kept in memory only', async () => {
  await page.goto(`${server.url}/console/`);
  await assertAccessible(page, 'the sign-in page');
  await screenshot(page, 'sign-in');
  const signed: string[] = [];
  const onRequest = (r: { headers(): Record<string, string>; method(): string }) => {
    if (r.method() === 'POST') signed.push(r.headers()['authorization'] ?? '');
  };
  page.on('request', onRequest);
  await signIn();
  await page.getByRole('heading', { name: 'Keys' }).waitFor();
  page.off('request', onRequest);
  assert.equal(issued.length, 1, 'one GetSessionToken');
  assert.match(issued[0]!.accessKeyId, /^ASIA/);
  // The first call (GetSessionToken) signs with the long-term key; every later one with the session's key.
  assert.ok(signed[0]!.includes(`Credential=${TEST_ACCESS_KEY_ID}/`), 'GetSessionToken signed with the access key');
  assert.ok(signed.length > 2);
  for (const auth of signed.slice(1)) assert.ok(auth.includes(`Credential=${issued[0]!.accessKeyId}/`), `signed with the session: ${auth}`);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
  for (const secret of [TEST_SECRET_ACCESS_KEY, issued[0]!.secretAccessKey, TEST_ACCESS_KEY_ID]) assert.ok(!stored.includes(secret), 'no credential in storage');
  assert.equal(await page.getByLabel('Secret access key').count(), 0, 'the sign-in form is gone');
});

test('the create-key wizard makes a symmetric and an RSA key; try-it encrypts and decrypts with both', async () => {
  keys.sym = await createKeyInWizard(/^SYMMETRIC_DEFAULT/, 'ENCRYPT_DECRYPT', 'console-sym');
  await tryEncryptDecrypt('secret note from the console');
  await assertAccessible(page, 'the key page (symmetric)');
  keys.rsa = await createKeyInWizard(/^RSA_2048/, 'ENCRYPT_DECRYPT', 'console-rsa');
  const md = (await kms.send(new DescribeKeyCommand({ KeyId: keys.rsa }))).KeyMetadata!;
  assert.equal(md.KeySpec, 'RSA_2048');
  assert.equal(md.KeyUsage, 'ENCRYPT_DECRYPT');
  await tryEncryptDecrypt('rsa oaep round trip');
  assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/console-sym' }))).KeyMetadata!.KeyId, keys.sym);
  await page.goto(`${server.url}/console/#/keys`);
  await page.getByRole('link', { name: keys.sym }).waitFor();
  await page.getByRole('link', { name: keys.rsa }).waitFor();
  await page.getByLabel('Key spec').selectOption('RSA_2048');
  assert.equal(await page.getByRole('link', { name: keys.sym }).count(), 0, 'the spec filter hides the symmetric key');
  await page.getByRole('link', { name: keys.rsa }).waitFor();
  await page.getByLabel('Key spec').selectOption('');
  await page.waitForFunction(() => document.querySelector('table.keys tr[aria-busy="true"]') === null); // every row described
  await assertAccessible(page, 'the keys list');
  await screenshot(page, 'keys');
});

test('rotation enabled in the console appears on the timeline once the clock passes the period', async () => {
  await page.goto(`${server.url}/console/#/keys/${keys.sym}`);
  await page.getByLabel('Rotation period (days, 90-2560)').fill('90');
  await page.getByRole('button', { name: 'Enable automatic rotation' }).click();
  await page.getByRole('button', { name: 'Disable automatic rotation' }).waitFor();
  await advanceClock(server.url, 91 * DAY);
  const rotations = (await kms.send(new ListKeyRotationsCommand({ KeyId: keys.sym }))).Rotations ?? [];
  assert.equal(rotations.length, 1);
  assert.equal(rotations[0]!.RotationType, 'AUTOMATIC');
  // 91 days on the server's clock is past the session's hour: the next call signs the console out.
  await page.getByRole('link', { name: 'Lifecycle timeline' }).click();
  await page.getByText(/Signed out: The security token included in the request is expired/).waitFor();
  await signIn();
  await page.goto(`${server.url}/console/#/keys/${keys.sym}/timeline`);
  const done = page.locator('ol.timeline li:not(.planned)', { hasText: 'KeyRotated (AUTOMATIC)' });
  await done.waitFor();
  assert.equal(await done.count(), 1);
  assert.equal(await page.locator('ol.timeline li.planned', { hasText: 'KeyRotated (AUTOMATIC)' }).count(), 1, 'the next rotation is planned');
  assert.equal(await page.locator('ol.timeline li:not(.planned)', { hasText: 'KeyCreated' }).count(), 1);
  await assertAccessible(page, 'the timeline');
  await screenshot(page, 'timeline');
});

test('the policy editor refuses an invalid document (nothing saved) and saves a valid one after showing the diff', async () => {
  const before = (await kms.send(new GetKeyPolicyCommand({ KeyId: keys.sym }))).Policy!;
  await page.goto(`${server.url}/console/#/keys/${keys.sym}`);
  const editor = page.getByLabel('Policy document (JSON)');
  await editor.waitFor();
  await editor.fill('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",');
  await page.getByRole('button', { name: 'Review changes' }).click();
  await page.getByRole('alert').filter({ hasText: 'The policy is not valid JSON' }).waitFor();
  await editor.fill(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Perhaps', Principal: '*', Action: 'kms:*', Resource: '*' }] }));
  await page.getByRole('button', { name: 'Review changes' }).click();
  await page.getByRole('alert').filter({ hasText: 'Effect must be "Allow" or "Deny"' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Save policy' }).count(), 0, 'no save offered');
  assert.equal((await kms.send(new GetKeyPolicyCommand({ KeyId: keys.sym }))).Policy, before, 'nothing was saved');

  const doc = JSON.parse(before) as { Statement: unknown[] };
  doc.Statement.push({ Sid: 'ConsoleReadOnly', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` }, Action: 'kms:DescribeKey', Resource: '*' });
  await editor.fill(JSON.stringify(doc, null, 2));
  await page.getByRole('button', { name: 'Review changes' }).click();
  const diff = page.getByLabel('Policy changes');
  await diff.waitFor();
  const added = await diff.locator('.add').allTextContents();
  assert.ok(added.some((l) => l.includes('"Sid": "ConsoleReadOnly"')), 'the diff shows the new statement');
  assert.ok(added.length >= 9 && added.length <= 12, `the new statement's lines are added (${added.length})`);
  assert.ok(await diff.locator('.del').count() <= 1, 'at most the comma line of the old last statement changes');
  await assertAccessible(page, 'the policy diff');
  await page.getByRole('button', { name: 'Save policy' }).click();
  await page.getByText('Policy saved.').waitFor();
  const saved = JSON.parse((await kms.send(new GetKeyPolicyCommand({ KeyId: keys.sym }))).Policy!) as { Statement: { Sid?: string }[] };
  assert.ok(saved.Statement.some((s) => s.Sid === 'ConsoleReadOnly'));
  await page.getByRole('img', { name: /Usage by key version/ }).locator('canvas').waitFor();
  await screenshot(page, 'key-detail', true);
});

test('scheduling deletion asks for the waiting period and the key id, then counts down', async () => {
  await page.goto(`${server.url}/console/#/keys/${keys.rsa}`);
  await page.getByRole('button', { name: 'Schedule key deletion' }).click();
  const dialog = page.getByRole('dialog', { name: 'Schedule key deletion' });
  await dialog.getByLabel('Waiting period (days)').selectOption('7');
  // What the destruction pre-flight looks at, before confirming: off on a dev server; version 1 used by try-it.
  const findings = dialog.getByRole('region', { name: 'Destruction pre-flight' });
  await findings.getByText('Pre-flight off').waitFor();
  const v1 = findings.locator('table.preflight-versions tbody tr').first();
  assert.match(await v1.innerText(), /^1\t\d{4}-\d\d-\d\d [\d:]+ UTC\t[1-9]\d*\t0\tno report$/, 'version 1: last use, ciphertexts, no scan report');
  const confirm = dialog.getByRole('button', { name: 'Schedule deletion' });
  assert.equal(await confirm.isDisabled(), true, 'disabled until the key id is typed');
  await assertAccessible(page, 'the deletion dialog');
  await dialog.getByLabel(/To confirm, type/).fill(keys.rsa!.slice(0, 8));
  assert.equal(await confirm.isDisabled(), true);
  await dialog.getByLabel(/To confirm, type/).fill(keys.rsa!);
  await confirm.click();
  const countdown = page.getByTestId('countdown');
  await countdown.waitFor();
  assert.match(await countdown.innerText(), /Deleted in (6 days 23 h 5\d min|7 days 0 h 0 min)/);
  assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: keys.rsa }))).KeyMetadata!.KeyState, 'PendingDeletion');
  await page.getByRole('link', { name: 'Lifecycle timeline' }).click();
  await page.locator('ol.timeline li.planned', { hasText: 'KeyDeleted' }).waitFor();
  assert.match(await page.locator('.warn [data-testid=countdown]').innerText(), /Deleted in (6 days 23 h 5\d min|7 days 0 h 0 min)/);
});

test('the audit explorer finds the console\'s PutKeyPolicy under the signed-in principal and its session key', async () => {
  await page.getByRole('link', { name: 'Audit' }).click();
  await page.getByLabel('Attribute').selectOption('EventName');
  await page.getByLabel('Value').fill('PutKeyPolicy');
  await page.getByRole('button', { name: 'Look up' }).click();
  const row = page.getByRole('button', { name: 'PutKeyPolicy' });
  await row.waitFor();
  assert.equal(await row.count(), 1, 'one PutKeyPolicy (the refused documents never reached the server)');
  await row.click();
  const detail = page.getByRole('region', { name: /PutKeyPolicy/ });
  await detail.waitFor();
  const text = await detail.innerText();
  assert.match(text, /arn:aws:iam::111122223333:/, 'the signed-in principal');
  assert.ok(text.includes(issued.at(-1)!.accessKeyId), 'the session access key that signed it');
  assert.ok(!text.includes(issued.at(-1)!.secretAccessKey));
  assert.match(text, /Audit chain\s+record \d+, hash [0-9a-f]{64}/, 'its place in the hash chain');
  await assertAccessible(page, 'the audit explorer');
  await screenshot(page, 'audit');
});

test('seal status shows the node unsealed and the barrier term', async () => {
  await page.getByRole('link', { name: 'Seal status' }).click();
  await page.getByRole('heading', { name: 'Barrier' }).waitFor();
  await page.getByText('Current term').waitFor();
  assert.match(await page.getByRole('region', { name: 'This node' }).innerText(), /sealed\s+false/);
  await assertAccessible(page, 'the seal status page');
});

test('the dark theme and a 390 px phone width stay accessible and fit the screen', async () => {
  await page.goto(`${server.url}/console/#/keys/${keys.sym}`);
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await page.getByRole('heading', { name: 'Key versions' }).waitFor();
  await assertAccessible(page, 'the key page, dark');
  await screenshot(page, 'key-detail-dark');
  await page.setViewportSize({ width: 390, height: 844 });
  for (const route of ['#/keys', `#/keys/${keys.sym}`, `#/keys/${keys.sym}/timeline`, '#/audit', '#/keys/new']) {
    await page.goto(`${server.url}/console/${route}`);
    await page.locator('main h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(await overflowsHorizontally(page), false, `${route} fits 390 px`);
    await assertAccessible(page, `${route} at 390 px`);
  }
  await screenshot(page, 'phone-create-key');
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await page.setViewportSize({ width: 1280, height: 800 });
});

test('the keys list pages on the server with Marker: 25 keys a page, next and previous', async (t) => {
  await Promise.all(Array.from({ length: 30 }, (_, i) => kms.send(new CreateKeyCommand({ Description: `bulk ${i}` }))));
  const total = (await kms.send(new ListKeysCommand({}))).Keys!.length;
  assert.equal(total, 32);
  await page.goto(`${server.url}/console/#/seal`);
  await page.getByRole('heading', { name: 'Seal status' }).waitFor();
  const started = Date.now();
  await page.getByRole('link', { name: 'Keys', exact: true }).click();
  const rows = page.locator('table.keys tbody tr');
  await page.waitForFunction(() => document.querySelectorAll('table.keys tbody tr').length === 25);
  const usableMs = Date.now() - started;
  assert.equal(await rows.count(), 25);
  const next = page.getByRole('button', { name: 'Next page' });
  assert.equal(await next.isDisabled(), false);
  const firstPage = await rows.locator('td:nth-child(2)').allInnerTexts();
  await next.click();
  await page.getByText('Page 2', { exact: true }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('table.keys tbody tr').length === 7);
  const secondPage = await rows.locator('td:nth-child(2)').allInnerTexts();
  assert.equal(new Set([...firstPage, ...secondPage]).size, 32, 'the two pages hold every key once');
  assert.equal(await next.isDisabled(), true, 'no third page');
  await page.getByRole('button', { name: 'Previous page' }).click();
  await page.waitForFunction(() => document.querySelectorAll('table.keys tbody tr').length === 25);
  // A page costs ListKeys plus DescribeKey and ListAliases per key shown, whatever the account holds.
  t.diagnostic(`first page of keys usable after ${usableMs} ms`);
  assert.ok(usableMs < 3000, `the first page took ${usableMs} ms`);
});

test('identities, the approvals inbox and alerts: a user listed, a request approved by the console\'s principal, an alert acknowledged', async () => {
  const iam = iamClient(server);
  const user = `console-requester-${Date.now()}`;
  await iam.send(new CreateUserCommand({ UserName: user }));
  await iam.send(new PutUserPolicyCommand({ UserName: user, PolicyName: 'kms', PolicyDocument: JSON.stringify({
    Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:*', 'keyward:*'], Resource: '*' }] }) }));
  const ak = (await iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey!;
  await page.getByRole('link', { name: 'Identities' }).click();
  const row = page.locator('table.users tr', { hasText: user });
  await row.waitFor();
  assert.ok((await row.innerText()).includes(`${ak.AccessKeyId} (Active)`), 'the user\'s access key is listed');
  await assertAccessible(page, 'identities');

  // A 1-of-1 rule on ScheduleKeyDeletion whose approver is the console's principal; the new user requests.
  const me = (await stsClient(server).send(new GetCallerIdentityCommand({}))).Arn!;
  const kw = keywardClient(server);
  await kw.putApprovalRule({ RuleName: 'console-deletions', Operations: ['ScheduleKeyDeletion'], RequiredApprovals: 1, Approvers: [me] });
  const requester = kmsFor(server, { accessKeyId: ak.AccessKeyId!, secretAccessKey: ak.SecretAccessKey! });
  const target = (await requester.send(new CreateKeyCommand({ Description: 'approval target' }))).KeyMetadata!.KeyId!;
  const ask = () => requester.send(new ScheduleKeyDeletionCommand({ KeyId: target, PendingWindowInDays: 7 }));
  await assert.rejects(ask(), (e: Error) => e.name === 'ApprovalRequiredException');
  await page.getByRole('link', { name: 'Approvals' }).click();
  const request = page.locator('section', { hasText: 'ScheduleKeyDeletion' }).filter({ hasText: target });
  await request.waitFor();
  await assertAccessible(page, 'the approvals inbox');
  await request.getByLabel('Reason (optional)').fill('checked with the owner');
  await request.getByRole('button', { name: 'Approve' }).click();
  await page.getByText(/^Approved /).waitFor();
  assert.equal((await ask()).KeyState, 'PendingDeletion', 'the identical repeat runs once approved');
  await kw.deleteApprovalRule({ RuleName: 'console-deletions' }).catch(() => undefined); // (may itself need approval)

  // A use of a disabled key raises UNUSABLE_KEY_USE; the console acknowledges it.
  const disabled = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  await kms.send(new DisableKeyCommand({ KeyId: disabled }));
  await assert.rejects(kms.send(new EncryptCommand({ KeyId: disabled, Plaintext: Buffer.from('x') })));
  await page.getByRole('link', { name: 'Alerts' }).click();
  const alert = page.locator('table.alerts tr', { hasText: 'UNUSABLE_KEY_USE' }).filter({ hasText: disabled });
  for (let i = 0; i < 20 && (await alert.count()) === 0; i++) { // the alert writer runs every second
    await page.waitForTimeout(500);
    await page.getByRole('link', { name: 'Keys', exact: true }).click();
    await page.getByRole('link', { name: 'Alerts' }).click();
  }
  await alert.waitFor();
  await assertAccessible(page, 'alerts');
  await alert.getByRole('button', { name: /^Acknowledge UNUSABLE_KEY_USE/ }).click();
  await page.getByText(/^Acknowledged UNUSABLE_KEY_USE/).waitFor();
  const open = await kw.listAlerts({ State: 'OPEN', KeyId: disabled });
  assert.equal(open.Alerts.length, 0, 'acknowledged on the server');
});

test('sign-out clears the credentials: no call can be signed, none is in storage or in the page heap', async () => {
  await page.goto(`${server.url}/console/#/keys`);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByText('You signed out.').waitFor();
  await page.getByLabel('Access key ID').waitFor();
  await page.goto(`${server.url}/console/#/keys/${keys.sym}`);
  await page.getByLabel('Access key ID').waitFor();
  const cdp = await context.newCDPSession(page);
  let heap = '';
  cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => void (heap += chunk));
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  assert.ok(heap.length > 100_000, 'a heap snapshot was taken');
  for (const { secretAccessKey } of issued) assert.ok(!heap.includes(secretAccessKey), 'no session secret in the page heap');
  assert.ok(!heap.includes(TEST_SECRET_ACCESS_KEY), 'no long-term secret in the page heap');
  // Every request of the whole run went to the server's own origin: no CDN, no third party.
  assert.deepEqual(requested.filter((u) => !u.startsWith(`${server.url}/`)), []);
});

test('--no-console: the console paths answer 404 and the API still serves', async () => {
  const off = await startTestServer({ args: ['--no-console'] });
  try {
    for (const path of ['/console/', '/console', '/console/app.js']) {
      const res = await fetch(`${off.url}${path}`, { redirect: 'manual' });
      assert.equal(res.status, 404, path);
      assert.match(await res.text(), /--no-console/);
    }
    assert.equal((await fetch(`${off.url}/healthz`)).status, 200);
  } finally {
    await off.stop(true);
  }
});
