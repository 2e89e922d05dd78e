// Grants through the real server with @aws-sdk/client-kms: an administrator creates grants on a key, lists and
// filters them page by page, retires them by token or by key ARN and id, revokes them, and finds them gone with the
// key once its deletion is due (dev test clock). Plus the refusals AWS gives: operations that do not fit the key,
// grantee forms, aliases where a key is needed, unknown keys and grants, forged tokens, and DryRun.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CreateAliasCommand, CreateGrantCommand, CreateKeyCommand, DisableKeyCommand, KMSClient, ListGrantsCommand,
  ListRetirableGrantsCommand, RetireGrantCommand, RevokeGrantCommand, ScheduleKeyDeletionCommand, SignCommand,
  type CreateKeyCommandInput, type GrantListEntry,
} from '@aws-sdk/client-kms';
import { advanceClock, ARN_PREFIX, DAY, HEX64, members, newKeyIds, rejects } from '../support/lifecycle-helpers.js';
import { TEST_ACCOUNT, useTestServer, type TestServer } from '../support/server.js';

const GRANTEE = `arn:aws:iam::${TEST_ACCOUNT}:role/grantee`;
const RETIRER = `arn:aws:iam::${TEST_ACCOUNT}:role/retirer`;
const DRY_RUN = 'The request would have succeeded, but the DryRun option is set.';

let server: TestServer;
let kms: KMSClient;

useTestServer({ args: ['--test-clock'] }, (s, k) => {
  server = s;
  kms = k;
});

const newKey = (input: CreateKeyCommandInput = {}) => newKeyIds(kms, input);

async function allGrants(keyId: string, limit?: number): Promise<{ grants: GrantListEntry[]; pages: number }> {
  const grants: GrantListEntry[] = [];
  let marker: string | undefined;
  let pages = 0;
  do {
    const page = await kms.send(new ListGrantsCommand({ KeyId: keyId, Limit: limit, Marker: marker }));
    pages++;
    grants.push(...page.Grants!);
    assert.equal(page.Truncated, page.NextMarker !== undefined, 'NextMarker exactly when Truncated');
    marker = page.NextMarker;
  } while (marker);
  return { grants, pages };
}

describe('creating and listing grants', () => {
  test('CreateGrant answers a 64-hex GrantId and a token; ListGrants shows the entry as AWS does', async () => {
    const key = await newKey();
    assert.deepEqual((await kms.send(new ListGrantsCommand({ KeyId: key.keyId }))).Grants, []);
    const out = await kms.send(new CreateGrantCommand({
      KeyId: key.keyId, GranteePrincipal: GRANTEE, RetiringPrincipal: RETIRER, Operations: ['Encrypt', 'Decrypt'],
      Constraints: { EncryptionContextSubset: { Department: 'IT' } }, Name: 'it-crypto',
    }));
    assert.match(out.GrantId!, HEX64);
    assert.ok(out.GrantToken && out.GrantToken.length <= 8192);
    const list = await kms.send(new ListGrantsCommand({ KeyId: key.arn }));
    assert.equal(list.Truncated, false);
    assert.equal(list.NextMarker, undefined);
    assert.equal(list.Grants!.length, 1);
    const { CreationDate, ...entry } = list.Grants![0]!;
    assert.ok(CreationDate instanceof Date && Math.abs(CreationDate.getTime() - Date.now()) < 60_000);
    assert.deepEqual(entry, {
      KeyId: key.arn, GrantId: out.GrantId, Name: 'it-crypto', GranteePrincipal: GRANTEE, RetiringPrincipal: RETIRER,
      IssuingAccount: `arn:aws:iam::${TEST_ACCOUNT}:root`, Operations: ['Encrypt', 'Decrypt'],
      Constraints: { EncryptionContextSubset: { Department: 'IT' } },
    });
  });

  test('a grant without Name, retiring principal or constraints lists without those members', async () => {
    const key = await newKey();
    await kms.send(new CreateGrantCommand({ KeyId: key.keyId, GranteePrincipal: GRANTEE, Operations: ['DescribeKey'] }));
    const [entry] = (await kms.send(new ListGrantsCommand({ KeyId: key.keyId }))).Grants!;
    for (const absent of ['Name', 'RetiringPrincipal', 'Constraints', 'GranteeServicePrincipal'] as const) {
      assert.equal(absent in entry!, false, `${absent} left out`);
    }
  });

  test('Name makes a retry idempotent: same GrantId, new token; other parameters make a new grant', async () => {
    const key = await newKey();
    const params = { KeyId: key.keyId, GranteePrincipal: GRANTEE, Operations: ['Decrypt' as const, 'Encrypt' as const], Name: 'retry-me' };
    const first = await kms.send(new CreateGrantCommand(params));
    const again = await kms.send(new CreateGrantCommand({ ...params, Operations: ['Encrypt', 'Decrypt'] }));
    assert.equal(again.GrantId, first.GrantId);
    assert.notEqual(again.GrantToken, first.GrantToken);
    const other = await kms.send(new CreateGrantCommand({ ...params, Operations: ['Encrypt'] }));
    assert.notEqual(other.GrantId, first.GrantId);
    const unnamed = { KeyId: key.keyId, GranteePrincipal: GRANTEE, Operations: ['Encrypt' as const] };
    const u1 = await kms.send(new CreateGrantCommand(unnamed));
    const u2 = await kms.send(new CreateGrantCommand(unnamed));
    assert.notEqual(u1.GrantId, u2.GrantId, 'without Name every request makes a grant');
    assert.equal((await allGrants(key.keyId)).grants.length, 4);
  });

  test('the same Name on two keys is allowed; each key lists its own grant', async () => {
    const [a, b] = [await newKey(), await newKey()];
    const ga = await kms.send(new CreateGrantCommand({ KeyId: a.keyId, GranteePrincipal: GRANTEE, Operations: ['Encrypt'], Name: 'shared' }));
    const gb = await kms.send(new CreateGrantCommand({ KeyId: b.keyId, GranteePrincipal: GRANTEE, Operations: ['Encrypt'], Name: 'shared' }));
    assert.notEqual(ga.GrantId, gb.GrantId);
    assert.deepEqual((await allGrants(a.keyId)).grants.map((g) => g.GrantId), [ga.GrantId]);
    assert.deepEqual((await allGrants(b.keyId)).grants.map((g) => g.GrantId), [gb.GrantId]);
  });

  test('ListGrants pages with Limit/Marker and filters by GrantId and GranteePrincipal', async () => {
    const key = await newKey();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const grantee = i % 2 ? `arn:aws:iam::${TEST_ACCOUNT}:role/odd` : GRANTEE;
      ids.push((await kms.send(new CreateGrantCommand({ KeyId: key.keyId, GranteePrincipal: grantee, Operations: ['Encrypt'] }))).GrantId!);
    }
    const paged = await allGrants(key.keyId, 3);
    assert.deepEqual(paged.grants.map((g) => g.GrantId), ids, 'creation order, every grant once');
    assert.equal(paged.pages, 3);
    const one = await kms.send(new ListGrantsCommand({ KeyId: key.keyId, GrantId: ids[4] }));
    assert.deepEqual(one.Grants!.map((g) => g.GrantId), [ids[4]]);
    const none = await kms.send(new ListGrantsCommand({ KeyId: key.keyId, GrantId: 'f'.repeat(64) }));
    assert.deepEqual(members(none), { Grants: [], Truncated: false });
    const odd = await kms.send(new ListGrantsCommand({ KeyId: key.keyId, GranteePrincipal: `arn:aws:iam::${TEST_ACCOUNT}:role/odd` }));
    assert.deepEqual(odd.Grants!.map((g) => g.GrantId), [ids[1], ids[3], ids[5]]);
    await rejects(kms.send(new ListGrantsCommand({ KeyId: key.keyId, Marker: 'not-a-marker' })), 'InvalidMarkerException');
    await rejects(kms.send(new ListGrantsCommand({ KeyId: key.keyId, Limit: 101 })), 'ValidationException',
      "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100");
  });

  test('ListRetirableGrants lists the grants, on any key, whose retiring principal matches', async () => {
    const retirer = `arn:aws:iam::${TEST_ACCOUNT}:role/retirer-${Date.now()}`;
    const [a, b] = [await newKey(), await newKey()];
    const g1 = await kms.send(new CreateGrantCommand({ KeyId: a.keyId, GranteePrincipal: GRANTEE, RetiringPrincipal: retirer, Operations: ['Encrypt'] }));
    await kms.send(new CreateGrantCommand({ KeyId: a.keyId, GranteePrincipal: GRANTEE, RetiringPrincipal: RETIRER, Operations: ['Encrypt'] }));
    const g3 = await kms.send(new CreateGrantCommand({ KeyId: b.keyId, GranteePrincipal: GRANTEE, RetiringPrincipal: retirer, Operations: ['Decrypt'] }));
    const first = await kms.send(new ListRetirableGrantsCommand({ RetiringPrincipal: retirer, Limit: 1 }));
    assert.equal(first.Truncated, true);
    const second = await kms.send(new ListRetirableGrantsCommand({ RetiringPrincipal: retirer, Limit: 1, Marker: first.NextMarker }));
    assert.equal(second.Truncated, false);
    const got = [...first.Grants!, ...second.Grants!];
    assert.deepEqual(got.map((g) => [g.KeyId, g.GrantId]), [[a.arn, g1.GrantId], [b.arn, g3.GrantId]]);
    assert.ok(got.every((g) => g.RetiringPrincipal === retirer));
    await rejects(kms.send(new ListRetirableGrantsCommand({})), 'ValidationException');
  });
});

describe('retiring and revoking', () => {
  test('RetireGrant by token, and by key ARN + GrantId; RevokeGrant by key id + GrantId', async () => {
    const key = await newKey();
    const make = () => kms.send(new CreateGrantCommand({ KeyId: key.keyId, GranteePrincipal: GRANTEE, RetiringPrincipal: RETIRER, Operations: ['Encrypt'] }));
    const [byToken, byId, revoked, kept] = [await make(), await make(), await make(), await make()];
    await kms.send(new RetireGrantCommand({ GrantToken: byToken.GrantToken }));
    await kms.send(new RetireGrantCommand({ KeyId: key.arn, GrantId: byId.GrantId }));
    await kms.send(new RevokeGrantCommand({ KeyId: key.keyId, GrantId: revoked.GrantId }));
    assert.deepEqual((await allGrants(key.keyId)).grants.map((g) => g.GrantId), [kept.GrantId]);
    // Gone means gone: a second retire or revoke finds nothing.
    await rejects(kms.send(new RetireGrantCommand({ GrantToken: byToken.GrantToken })), 'NotFoundException');
    await rejects(kms.send(new RevokeGrantCommand({ KeyId: key.keyId, GrantId: revoked.GrantId })), 'NotFoundException');
  });

  test('unknown grant ids are NotFoundException; a forged or altered token is InvalidGrantTokenException', async () => {
    const key = await newKey();
    const g = await kms.send(new CreateGrantCommand({ KeyId: key.keyId, GranteePrincipal: GRANTEE, Operations: ['Encrypt'] }));
    await rejects(kms.send(new RevokeGrantCommand({ KeyId: key.keyId, GrantId: 'a'.repeat(64) })), 'NotFoundException');
    await rejects(kms.send(new RetireGrantCommand({ KeyId: key.arn, GrantId: 'a'.repeat(64) })), 'NotFoundException');
    const other = await newKey();
    await rejects(kms.send(new RevokeGrantCommand({ KeyId: other.keyId, GrantId: g.GrantId })), 'NotFoundException',
      undefined, 'a grant of another key');
    await rejects(kms.send(new RetireGrantCommand({ GrantToken: 'garbage' })), 'InvalidGrantTokenException');
    const t = g.GrantToken!;
    const altered = t.slice(0, 10) + (t[10] === 'A' ? 'B' : 'A') + t.slice(11);
    await rejects(kms.send(new RetireGrantCommand({ GrantToken: altered })), 'InvalidGrantTokenException');
    await rejects(kms.send(new CreateGrantCommand({ KeyId: key.keyId, GranteePrincipal: GRANTEE, Operations: ['Encrypt'], GrantTokens: [altered] })),
      'InvalidGrantTokenException');
    await kms.send(new CreateGrantCommand({ KeyId: key.keyId, GranteePrincipal: GRANTEE, Operations: ['Encrypt'], GrantTokens: [t] }));
    await rejects(kms.send(new RetireGrantCommand({ GrantId: g.GrantId })), 'ValidationException', undefined, 'GrantId without KeyId');
    await rejects(kms.send(new RetireGrantCommand({ KeyId: key.keyId, GrantId: g.GrantId })), 'InvalidArnException', undefined, 'a bare key id');
  });

  test('DryRun runs every check, then answers DryRunOperationException and changes nothing', async () => {
    const key = await newKey();
    await rejects(kms.send(new CreateGrantCommand({ KeyId: key.keyId, GranteePrincipal: GRANTEE, Operations: ['Encrypt'], DryRun: true })),
      'DryRunOperationException', DRY_RUN);
    assert.deepEqual((await kms.send(new ListGrantsCommand({ KeyId: key.keyId }))).Grants, []);
    const g = await kms.send(new CreateGrantCommand({ KeyId: key.keyId, GranteePrincipal: GRANTEE, Operations: ['Encrypt'] }));
    await rejects(kms.send(new RetireGrantCommand({ GrantToken: g.GrantToken, DryRun: true })), 'DryRunOperationException', DRY_RUN);
    await rejects(kms.send(new RevokeGrantCommand({ KeyId: key.keyId, GrantId: g.GrantId, DryRun: true })), 'DryRunOperationException', DRY_RUN);
    assert.equal((await allGrants(key.keyId)).grants.length, 1);
    // Real errors come first.
    await rejects(kms.send(new CreateGrantCommand({ KeyId: key.keyId, GranteePrincipal: GRANTEE, Operations: ['Sign'], DryRun: true })), 'ValidationException');
    await rejects(kms.send(new RevokeGrantCommand({ KeyId: key.keyId, GrantId: 'b'.repeat(64), DryRun: true })), 'NotFoundException');
  });
});

describe('refusals', () => {
  test('operations must suit the key type', async () => {
    const symmetric = await newKey();
    const signing = await newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const hmac = await newKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const rsa = await newKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
    const agree = await newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' });
    const ok: [string, ('Sign' | 'Verify' | 'GetPublicKey' | 'GenerateMac' | 'VerifyMac' | 'Encrypt' | 'Decrypt' | 'GenerateDataKey' | 'GenerateDataKeyPair' | 'DeriveSharedSecret' | 'DescribeKey' | 'CreateGrant' | 'RetireGrant')[]][] = [
      [symmetric.keyId, ['Encrypt', 'Decrypt', 'GenerateDataKey', 'GenerateDataKeyPair', 'DescribeKey', 'CreateGrant', 'RetireGrant']],
      [signing.keyId, ['Sign', 'Verify', 'GetPublicKey', 'DescribeKey']],
      [hmac.keyId, ['GenerateMac', 'VerifyMac', 'RetireGrant']],
      [rsa.keyId, ['Encrypt', 'Decrypt', 'GetPublicKey']],
      [agree.keyId, ['DeriveSharedSecret', 'GetPublicKey']],
    ];
    for (const [keyId, ops] of ok) await kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: GRANTEE, Operations: ops }));
    const bad: [string, ('Sign' | 'GenerateDataKey' | 'GetPublicKey' | 'Encrypt' | 'GenerateMac')[], RegExp][] = [
      [symmetric.keyId, ['Encrypt', 'Sign'], /Grant operations \[Sign\] are not valid for a symmetric encryption KMS key/],
      [symmetric.keyId, ['GetPublicKey'], /\[GetPublicKey\]/],
      [signing.keyId, ['Encrypt'], /not valid for a signing KMS key/],
      [hmac.keyId, ['GetPublicKey'], /not valid for an HMAC KMS key/],
      [rsa.keyId, ['GenerateDataKey'], /not valid for an asymmetric encryption KMS key/],
      [agree.keyId, ['GenerateMac'], /not valid for a key agreement KMS key/],
    ];
    for (const [keyId, ops, message] of bad) {
      await rejects(kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: GRANTEE, Operations: ops })), 'ValidationException', message);
    }
    await rejects(kms.send(new CreateGrantCommand({ KeyId: symmetric.keyId, GranteePrincipal: GRANTEE, Operations: [] })), 'ValidationException',
      "1 validation error detected: Value '[]' at 'operations' failed to satisfy constraint: Member must have length greater than or equal to 1");
    await rejects(kms.send(new CreateGrantCommand({ KeyId: symmetric.keyId, GranteePrincipal: GRANTEE, Operations: ['Fly' as never] })),
      'ValidationException', /at 'operations.1.member' failed to satisfy constraint: Member must satisfy enum value set/);
    await rejects(kms.send(new CreateGrantCommand({
      KeyId: signing.keyId, GranteePrincipal: GRANTEE, Operations: ['Sign'], Constraints: { EncryptionContextEquals: { a: 'b' } },
    })), 'ValidationException', /symmetric encryption KMS keys/);
  });

  test('constraints: one encryption-context kind, at most 8 pairs, values up to 384 characters', async () => {
    const key = await newKey();
    const create = (Constraints: object) => kms.send(new CreateGrantCommand({ KeyId: key.keyId, GranteePrincipal: GRANTEE, Operations: ['Decrypt'], Constraints }));
    const eight = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, 'v'.repeat(384)]));
    await create({ EncryptionContextEquals: eight });
    await rejects(create({ EncryptionContextEquals: { ...eight, k8: 'v' } }), 'ValidationException');
    await rejects(create({ EncryptionContextSubset: { a: 'v'.repeat(385) } }), 'ValidationException');
    await rejects(create({ EncryptionContextSubset: { a: '1' }, EncryptionContextEquals: { a: '1' } }), 'ValidationException');
  });

  test('grantee forms: exactly one of GranteePrincipal and GranteeServicePrincipal; a service needs SourceArn and a retirer', async () => {
    const key = await newKey();
    const base = { KeyId: key.keyId, Operations: ['Decrypt' as const] };
    await rejects(kms.send(new CreateGrantCommand(base)), 'ValidationException', /Exactly one of GranteePrincipal and GranteeServicePrincipal/);
    await rejects(kms.send(new CreateGrantCommand({ ...base, GranteePrincipal: GRANTEE, GranteeServicePrincipal: 'logs.us-east-1.amazonaws.com' })),
      'ValidationException', /Exactly one/);
    await rejects(kms.send(new CreateGrantCommand({ ...base, GranteeServicePrincipal: 'logs.us-east-1.amazonaws.com', RetiringPrincipal: RETIRER })),
      'ValidationException', /SourceArn/);
    const sourceArn = `arn:aws:logs:us-east-1:${TEST_ACCOUNT}:log-group:demo`;
    await rejects(kms.send(new CreateGrantCommand({ ...base, GranteeServicePrincipal: 'logs.us-east-1.amazonaws.com', Constraints: { SourceArn: sourceArn } })),
      'ValidationException', /retiring principal/);
    const svc = await kms.send(new CreateGrantCommand({
      ...base, GranteeServicePrincipal: 'logs.us-east-1.amazonaws.com', RetiringServicePrincipal: 'logs.us-east-1.amazonaws.com',
      Constraints: { SourceArn: sourceArn },
    }));
    const entry = (await kms.send(new ListGrantsCommand({ KeyId: key.keyId, GrantId: svc.GrantId }))).Grants![0]!;
    assert.equal(entry.GranteeServicePrincipal, 'logs.us-east-1.amazonaws.com');
    assert.equal(entry.GranteePrincipal, undefined);
    assert.deepEqual(entry.Constraints, { SourceArn: sourceArn });
    await rejects(kms.send(new CreateGrantCommand({ ...base, GranteePrincipal: 'has spaces' })), 'ValidationException', /at 'granteePrincipal'/);
    await rejects(kms.send(new CreateGrantCommand({ ...base, GranteePrincipal: GRANTEE, Name: 'bad name!' })), 'ValidationException', /at 'name'/);
  });

  test('an alias is refused where a key id or ARN is needed; unknown keys are NotFoundException', async () => {
    const key = await newKey();
    await kms.send(new CreateAliasCommand({ AliasName: `alias/grants-${Date.now()}`, TargetKeyId: key.keyId }));
    await rejects(kms.send(new CreateGrantCommand({ KeyId: 'alias/anything', GranteePrincipal: GRANTEE, Operations: ['Encrypt'] })),
      'NotFoundException', "Invalid keyId 'alias/anything'");
    await rejects(kms.send(new ListGrantsCommand({ KeyId: 'alias/anything' })), 'NotFoundException');
    const missing = '11111111-2222-3333-4444-555555555555';
    await rejects(kms.send(new CreateGrantCommand({ KeyId: missing, GranteePrincipal: GRANTEE, Operations: ['Encrypt'] })),
      'NotFoundException', `Key '${ARN_PREFIX}${missing}' does not exist`);
    await rejects(kms.send(new ListGrantsCommand({ KeyId: missing })), 'NotFoundException', `Key '${ARN_PREFIX}${missing}' does not exist`);
    await rejects(kms.send(new RevokeGrantCommand({ KeyId: missing, GrantId: 'c'.repeat(64) })), 'NotFoundException');
  });

  test('key states: CreateGrant refused on a disabled key, listing and revoking still work', async () => {
    const key = await newKey();
    const g = await kms.send(new CreateGrantCommand({ KeyId: key.keyId, GranteePrincipal: GRANTEE, Operations: ['Encrypt'] }));
    await kms.send(new DisableKeyCommand({ KeyId: key.keyId }));
    await rejects(kms.send(new CreateGrantCommand({ KeyId: key.keyId, GranteePrincipal: GRANTEE, Operations: ['Encrypt'] })),
      'DisabledException', `${key.arn} is disabled.`);
    assert.equal((await allGrants(key.keyId)).grants.length, 1);
    await kms.send(new RevokeGrantCommand({ KeyId: key.keyId, GrantId: g.GrantId }));
  });

  test('GrantTokens are accepted (and ignored) on Sign', async () => {
    const key = await newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const g = await kms.send(new CreateGrantCommand({ KeyId: key.keyId, GranteePrincipal: GRANTEE, Operations: ['Sign'] }));
    const out = await kms.send(new SignCommand({
      KeyId: key.keyId, Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_256', GrantTokens: [g.GrantToken!],
    }));
    assert.ok(out.Signature);
  });
});

test('grants go with their key when its scheduled deletion happens', async () => {
  const key = await newKey();
  const g = await kms.send(new CreateGrantCommand({ KeyId: key.keyId, GranteePrincipal: GRANTEE, RetiringPrincipal: RETIRER, Operations: ['Encrypt'] }));
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
  await rejects(kms.send(new CreateGrantCommand({ KeyId: key.keyId, GranteePrincipal: GRANTEE, Operations: ['Encrypt'] })),
    'KMSInvalidStateException', `${key.arn} is pending deletion.`);
  assert.equal((await allGrants(key.keyId)).grants.length, 1, 'still listed while pending deletion');
  await advanceClock(server.url, 7 * DAY + 60);
  await rejects(kms.send(new ListGrantsCommand({ KeyId: key.keyId })), 'NotFoundException');
  await rejects(kms.send(new RetireGrantCommand({ GrantToken: g.GrantToken })), 'NotFoundException');
  const retirable = await kms.send(new ListRetirableGrantsCommand({ RetiringPrincipal: RETIRER }));
  assert.ok(!retirable.Grants!.some((x) => x.GrantId === g.GrantId), 'not retirable any more either');
});
