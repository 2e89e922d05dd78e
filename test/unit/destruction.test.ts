// The destruction pre-flight rules, case by case, and the receipt document: canonical JSON, the signed statement, and
// the offline check refusing any changed byte, another key, or a non-canonical file (core/destruction/).
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { test } from 'node:test';
import { canonicalJson } from '../../src/core/destruction/canonical-json.js';
import { DEFAULT_PREFLIGHT_SETTINGS, effectivePreflight } from '../../src/core/destruction/preflight-settings.js';
import { preflightRefusals, type VersionFacts } from '../../src/core/destruction/preflight-rules.js';
import { receiptStatement, receiptText, verifyReceipt, RECEIPT_FORMAT, type ReceiptBody } from '../../src/core/destruction/receipt-document.js';

const DAY = 86_400_000;
const NOW = 1_800_000_000_000;
const facts = (over: Partial<VersionFacts>): VersionFacts => ({ version: 1, produced: 0, reEncryptedAway: 0, scan: { count: 0, bytes: 0, scopes: [] }, ...over });
const checks = (f: VersionFacts, s = DEFAULT_PREFLIGHT_SETTINGS) => preflightRefusals([f], s, NOW).map((r) => /^\[(\w+)\]/.exec(r)![1]);

const CASES: [string, Partial<VersionFacts>, string[]][] = [
  ['never used', {}, []],
  ['used 29 days ago', { lastUse: { at: NOW - 29 * DAY, operation: 'Decrypt' } }, ['RecentUse']],
  ['used 30 days ago', { lastUse: { at: NOW - 30 * DAY, operation: 'Decrypt' } }, []],
  ['used yesterday, 1 of 2 re-encrypted away', { lastUse: { at: NOW - DAY, operation: 'Encrypt' }, produced: 2, reEncryptedAway: 1, lastAwayAt: NOW }, ['RecentUse', 'CiphertextsNotReEncrypted']],
  ['used yesterday, all re-encrypted away since', { lastUse: { at: NOW - DAY, operation: 'Encrypt' }, produced: 2, reEncryptedAway: 2, lastAwayAt: NOW }, []],
  ['all re-encrypted away, but used again after', { lastUse: { at: NOW - 1000, operation: 'Decrypt' }, produced: 1, reEncryptedAway: 1, lastAwayAt: NOW - DAY }, ['RecentUse']],
  ['a scan still finds data', { scan: { count: 3, bytes: 90, scopes: ['/a', '/b'] } }, ['ScanFoundData']],
];

for (const [name, over, expected] of CASES) {
  test(`pre-flight: ${name} → ${expected.join(', ') || 'allowed'}`, () => assert.deepEqual(checks(facts(over)), expected));
}

test('pre-flight: each check turns off by its setting, all of them with enabled false; a key overrides the installation', () => {
  const bad = facts({ lastUse: { at: NOW - DAY, operation: 'Encrypt' }, produced: 1, scan: { count: 1, bytes: 1, scopes: ['/x'] } });
  assert.deepEqual(checks(bad), ['RecentUse', 'CiphertextsNotReEncrypted', 'ScanFoundData']);
  assert.deepEqual(checks(bad, { ...DEFAULT_PREFLIGHT_SETTINGS, recentUseDays: 0 }), ['CiphertextsNotReEncrypted', 'ScanFoundData']);
  assert.deepEqual(checks(bad, { ...DEFAULT_PREFLIGHT_SETTINGS, requireReEncryption: false, requireCleanScan: false }), ['RecentUse']);
  assert.deepEqual(checks(bad, { ...DEFAULT_PREFLIGHT_SETTINGS, enabled: false }), []);
  const dev = { ...DEFAULT_PREFLIGHT_SETTINGS, enabled: false };
  assert.deepEqual(effectivePreflight(dev, { enabled: true, recentUseDays: 7 }), { ...DEFAULT_PREFLIGHT_SETTINGS, recentUseDays: 7 });
  const [message] = preflightRefusals([bad], DEFAULT_PREFLIGHT_SETTINGS, NOW);
  assert.match(message!, /version 1 was used \(Encrypt\) at .*, 1 day\(s\) ago, within the pre-flight period of 30 days: .*wait until/);
});

test('canonical JSON sorts members at every depth and writes no whitespace', () => {
  assert.equal(canonicalJson({ b: [{ z: 1, a: 'x' }], a: true, c: null }), '{"a":true,"b":[{"a":"x","z":1}],"c":null}');
  assert.throws(() => canonicalJson({ a: 1.5 }), RangeError);
});

test('a receipt verifies as issued; a changed byte, whitespace, or another key fails', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519').publicKey;
  const body = {
    Format: RECEIPT_FORMAT, ReceiptId: '00000000-0000-4000-8000-000000000001', AccountId: '111122223333', Region: 'us-east-1',
    KeyId: 'arn:aws:kms:us-east-1:111122223333:key/k', Kind: 'KeyDeletion', Versions: [{ KeyVersion: 1, KeyMaterialId: 'a'.repeat(64), Commitment: 'hmac-sha256:00', CommitmentMatched: true }],
    ScheduledBy: 'arn:aws:iam::111122223333:user/alice', ScheduledDate: '2027-01-01T00:00:00.000Z', ScheduleRequestId: 'r', Approvals: [],
    DestructionDate: '2027-01-08T00:00:00.000Z', DestroyedDate: '2027-01-08T00:00:01.000Z',
    Scan: { Result: 'CLEAN', Scope: ['file keyward.db'], Searched: ['sealed material of version 1'], Findings: [], Notes: [] },
    AuditRecord: { Seq: 7, Hash: 'f'.repeat(64), RequestId: 'q', Operation: 'DeleteKey' },
    PublicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  } satisfies ReceiptBody;
  const text = receiptText({ ...body, Signature: sign(null, receiptStatement(body), privateKey).toString('hex') });
  assert.equal(verifyReceipt(text, publicKey).ok, true);
  assert.equal(verifyReceipt(`${text}\n`, publicKey).ok, true);
  for (let i = 0; i < text.length; i += 7) {
    const changed = text.slice(0, i) + (text[i] === 'a' ? 'b' : 'a') + text.slice(i + 1);
    assert.equal(verifyReceipt(changed, publicKey).ok, false, `byte ${i} changed still verifies`);
  }
  assert.deepEqual(verifyReceipt(text.replace('{', '{ '), publicKey), { ok: false, reason: 'the file is not the receipt as issued (its bytes differ from its canonical form)' });
  assert.deepEqual(verifyReceipt(text, other), { ok: false, reason: 'the receipt names another public key than the one given' });
});
