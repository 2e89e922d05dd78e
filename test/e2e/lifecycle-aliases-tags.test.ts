// Aliases, tags and GetKeyLastUsage as AWS does them: aliases usable wherever AWS takes them (and nowhere else),
// listed with pagination and AWS's entry fields, re-pointed and deleted; AWS's naming rules and messages (checklist
// items 64–68); tags in insertion order with AWS's limits and messages (items 72–78); and the last use of a key.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAliasCommand, CreateKeyCommand, DecryptCommand, DeleteAliasCommand, DescribeKeyCommand, DisableKeyCommand,
  DisableKeyRotationCommand, EnableKeyCommand, EnableKeyRotationCommand, EncryptCommand, GenerateDataKeyCommand,
  GetKeyLastUsageCommand, GetKeyRotationStatusCommand, KMSClient, ListAliasesCommand, ListResourceTagsCommand,
  ScheduleKeyDeletionCommand, TagResourceCommand, UntagResourceCommand, UpdateAliasCommand, UpdateKeyDescriptionCommand,
  type AliasListEntry, type Tag,
} from '@aws-sdk/client-kms';
import {
  advanceClock, ALIAS_ARN_PREFIX, assertNoMessage, members, newKeyIds, rejects, serverNowMs,
} from '../support/lifecycle-helpers.js';
import { useTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let kms: KMSClient;

useTestServer({ args: ['--test-clock'] }, (s, k) => {
  server = s;
  kms = k;
});

const newKey = (input: { Tags?: Tag[]; Description?: string } = {}) => newKeyIds(kms, input);

/** Every alias, page by page with `limit` (optionally of one key); also how many pages it took. */
async function listAll(limit: number, keyId?: string): Promise<{ aliases: AliasListEntry[]; pages: number }> {
  const aliases: AliasListEntry[] = [];
  let marker: string | undefined;
  let pages = 0;
  for (;;) {
    const out = await kms.send(new ListAliasesCommand({ Limit: limit, ...(keyId ? { KeyId: keyId } : {}), ...(marker ? { Marker: marker } : {}) }));
    pages++;
    assert.ok((out.Aliases ?? []).length <= limit);
    aliases.push(...(out.Aliases ?? []));
    if (!out.Truncated) {
      assert.equal(out.NextMarker, undefined);
      return { aliases, pages };
    }
    assert.ok(out.NextMarker, 'NextMarker when Truncated');
    marker = out.NextMarker;
    assert.ok(pages < 200);
  }
}

async function listTags(keyId: string, limit?: number): Promise<{ tags: Tag[]; pages: number }> {
  const tags: Tag[] = [];
  let marker: string | undefined;
  let pages = 0;
  for (;;) {
    const out = await kms.send(new ListResourceTagsCommand({ KeyId: keyId, ...(limit ? { Limit: limit } : {}), ...(marker ? { Marker: marker } : {}) }));
    pages++;
    tags.push(...(out.Tags ?? []));
    if (!out.Truncated) return { tags, pages };
    assert.ok(out.NextMarker);
    marker = out.NextMarker;
    assert.ok(pages < 100);
  }
}

const aliasArn = (name: string) => `${ALIAS_ARN_PREFIX}${name}`;
const aliasNotFound = (name: string) => `Alias ${aliasArn(name)} is not found.`;

describe('aliases', () => {
  const a = { keyId: '', arn: '' };
  const b = { keyId: '', arn: '' };
  let ctUnderA: Uint8Array = new Uint8Array();

  before(async () => {
    Object.assign(a, await newKey({ Description: 'alias target A' }));
    Object.assign(b, await newKey({ Description: 'alias target B' }));
  });

  test('CreateAlias; the alias name and alias ARN work as KeyId for Encrypt, Decrypt and DescribeKey', async () => {
    const created = await kms.send(new CreateAliasCommand({ AliasName: 'alias/app-a', TargetKeyId: a.keyId }));
    assert.deepEqual(members(created), {});
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/app-a-2', TargetKeyId: a.arn }));
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/app-b', TargetKeyId: b.keyId }));
    for (const ref of ['alias/app-a', aliasArn('alias/app-a')]) {
      assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: ref }))).KeyMetadata!.KeyId, a.keyId, `DescribeKey ${ref}`);
      const enc = await kms.send(new EncryptCommand({ KeyId: ref, Plaintext: Buffer.from('via alias') }));
      assert.equal(enc.KeyId, a.arn, 'Encrypt answers with the key ARN');
      const dec = await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, KeyId: ref }));
      assert.equal(Buffer.from(dec.Plaintext!).toString(), 'via alias');
      assert.equal(dec.KeyId, a.arn);
      ctUnderA = enc.CiphertextBlob!;
    }
    // Decrypt naming an alias of another key → IncorrectKeyException.
    await rejects(kms.send(new DecryptCommand({ CiphertextBlob: ctUnderA, KeyId: 'alias/app-b' })), 'IncorrectKeyException',
      'The key ID in the request does not identify a CMK that can perform this operation.');
  });

  test('ListAliases: all and by key, AWS entry fields, Limit 1 paginates with Truncated/NextMarker', async () => {
    const all = await listAll(1);
    assert.equal(all.pages, all.aliases.length, 'one alias per page');
    // The stored aliases come first; the predefined alias/aws/* names that have no key yet follow (predefined-aliases).
    const stored = all.aliases.filter((e) => !e.AliasName!.startsWith('alias/aws/'));
    assert.deepEqual(all.aliases.slice(0, stored.length), stored);
    const names = stored.map((e) => e.AliasName).sort();
    assert.deepEqual(names, ['alias/app-a', 'alias/app-a-2', 'alias/app-b']);
    const now = await serverNowMs(server.url);
    for (const e of stored) {
      assert.deepEqual(Object.keys(e).sort(), ['AliasArn', 'AliasName', 'CreationDate', 'LastUpdatedDate', 'TargetKeyId']);
      assert.equal(e.AliasArn, aliasArn(e.AliasName!));
      assert.ok(e.TargetKeyId === a.keyId || e.TargetKeyId === b.keyId, 'TargetKeyId is the key id, not the ARN');
      assert.ok(e.CreationDate instanceof Date && Math.abs(e.CreationDate.getTime() - now) < 60_000);
      assert.equal(e.LastUpdatedDate!.getTime(), e.CreationDate.getTime());
    }
    const first = await kms.send(new ListAliasesCommand({ KeyId: a.keyId, Limit: 1 }));
    assert.equal(first.Aliases!.length, 1);
    assert.equal(first.Truncated, true);
    assert.ok(first.NextMarker);
    const second = await kms.send(new ListAliasesCommand({ KeyId: a.keyId, Limit: 1, Marker: first.NextMarker }));
    assert.equal(second.Aliases!.length, 1);
    assert.equal(second.Truncated, false);
    assert.equal(second.NextMarker, undefined);
    assert.deepEqual([first.Aliases![0]!.AliasName, second.Aliases![0]!.AliasName].sort(), ['alias/app-a', 'alias/app-a-2']);
    const byArn = await kms.send(new ListAliasesCommand({ KeyId: b.arn }));
    assert.deepEqual(byArn.Aliases!.map((e) => e.AliasName), ['alias/app-b']);
    assert.equal(byArn.Truncated, false);
    const none = await kms.send(new ListAliasesCommand({ KeyId: (await newKey()).keyId }));
    assert.deepEqual(none.Aliases, []);
    assert.equal(none.Truncated, false);
  });

  test('UpdateAlias re-points to another symmetric key; LastUpdatedDate moves, CreationDate stays', async () => {
    const before = (await kms.send(new ListAliasesCommand({ KeyId: a.keyId }))).Aliases!.find((e) => e.AliasName === 'alias/app-a')!;
    await advanceClock(server.url, 120);
    await kms.send(new UpdateAliasCommand({ AliasName: 'alias/app-a', TargetKeyId: b.arn }));
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/app-a' }))).KeyMetadata!.KeyId, b.keyId);
    const entry = (await kms.send(new ListAliasesCommand({ KeyId: b.keyId }))).Aliases!.find((e) => e.AliasName === 'alias/app-a')!;
    assert.ok(entry, 'listed under the new key');
    assert.equal(entry.TargetKeyId, b.keyId);
    assert.equal(entry.CreationDate!.getTime(), before.CreationDate!.getTime());
    assert.ok(entry.LastUpdatedDate!.getTime() >= before.LastUpdatedDate!.getTime() + 119_000, 'LastUpdatedDate moved');
    assert.deepEqual((await kms.send(new ListAliasesCommand({ KeyId: a.keyId }))).Aliases!.map((e) => e.AliasName), ['alias/app-a-2']);
    const enc = await kms.send(new EncryptCommand({ KeyId: 'alias/app-a', Plaintext: Buffer.from('now B') }));
    assert.equal(enc.KeyId, b.arn);
    // The earlier ciphertext names key A itself and still decrypts.
    assert.equal((await kms.send(new DecryptCommand({ CiphertextBlob: ctUnderA }))).KeyId, a.arn);
    await rejects(kms.send(new UpdateAliasCommand({ AliasName: 'alias/never-made', TargetKeyId: a.keyId })),
      'NotFoundException', aliasNotFound('alias/never-made'));
  });

  test('UpdateAlias to a key of another type or usage is refused (ValidationException), and the alias stays', async () => {
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/typed', TargetKeyId: a.keyId }));
    const hmac = (await kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }))).KeyMetadata!;
    const signer = (await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }))).KeyMetadata!;
    for (const target of [hmac.KeyId!, signer.Arn!]) {
      await rejects(kms.send(new UpdateAliasCommand({ AliasName: 'alias/typed', TargetKeyId: target })), 'ValidationException');
    }
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/typed' }))).KeyMetadata!.KeyId, a.keyId);
    await kms.send(new DeleteAliasCommand({ AliasName: 'alias/typed' }));
  });

  test('DeleteAlias; afterwards NotFoundException with the alias ARN', async () => {
    assert.deepEqual(members(await kms.send(new DeleteAliasCommand({ AliasName: 'alias/app-a' }))), {});
    await rejects(kms.send(new DescribeKeyCommand({ KeyId: 'alias/app-a' })), 'NotFoundException',
      'Alias arn:aws:kms:us-east-1:111122223333:alias/app-a is not found.');
    await rejects(kms.send(new EncryptCommand({ KeyId: aliasArn('alias/app-a'), Plaintext: Buffer.from('x') })), 'NotFoundException',
      aliasNotFound('alias/app-a'));
    await rejects(kms.send(new DeleteAliasCommand({ AliasName: 'alias/app-a' })), 'NotFoundException', aliasNotFound('alias/app-a'));
    assert.ok(!(await listAll(100)).aliases.some((e) => e.AliasName === 'alias/app-a'));
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: b.keyId }))).KeyMetadata!.KeyState, 'Enabled', 'the key is unaffected');
  });

  test('naming rules and their messages (checklist 64–68)', async () => {
    await rejects(kms.send(new CreateAliasCommand({ AliasName: 'app-x', TargetKeyId: a.keyId })), 'ValidationException',
      'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
    for (const name of ['alias/aws/x', 'alias/aws/s3']) {
      assertNoMessage(await rejects(kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: a.keyId })), 'NotAuthorizedException'));
    }
    await rejects(kms.send(new CreateAliasCommand({ AliasName: 'alias/my alias', TargetKeyId: a.keyId })), 'ValidationException',
      "1 validation error detected: Value 'alias/my alias' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
    await rejects(kms.send(new CreateAliasCommand({ AliasName: 'alias/my:alias', TargetKeyId: a.keyId })), 'ValidationException',
      'alias/my:alias contains invalid characters for an alias');
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/my-alias_/', TargetKeyId: a.keyId }));
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/my-alias_/' }))).KeyMetadata!.KeyId, a.keyId);
    for (const target of ['alias/app-b', aliasArn('alias/app-b')]) {
      await rejects(kms.send(new CreateAliasCommand({ AliasName: 'alias/to-alias', TargetKeyId: target })), 'ValidationException',
        'Aliases must refer to keys. Not aliases');
    }
    await rejects(kms.send(new CreateAliasCommand({ AliasName: 'alias/app-b', TargetKeyId: a.keyId })), 'AlreadyExistsException',
      'An alias with the name arn:aws:kms:us-east-1:111122223333:alias/app-b already exists');
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/app-b' }))).KeyMetadata!.KeyId, b.keyId, 'unchanged');
    // Names are case-sensitive: another case is another alias.
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/APP-B', TargetKeyId: a.keyId }));
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/APP-B' }))).KeyMetadata!.KeyId, a.keyId);
    // Length: 256 characters in all is the maximum.
    const longest = 'alias/' + 'l'.repeat(250);
    await kms.send(new CreateAliasCommand({ AliasName: longest, TargetKeyId: a.keyId }));
    await rejects(kms.send(new CreateAliasCommand({ AliasName: longest + 'l', TargetKeyId: a.keyId })), 'ValidationException',
      /Member must have length less than or equal to 256/);
    await rejects(kms.send(new CreateAliasCommand({ AliasName: 'alias/for-nobody', TargetKeyId: '11111111-2222-3333-4444-555555555555' })),
      'NotFoundException', `Key 'arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555' does not exist`);
    // The reserved and prefix rules hold for UpdateAlias and DeleteAlias too.
    await rejects(kms.send(new UpdateAliasCommand({ AliasName: 'alias/aws/x', TargetKeyId: a.keyId })), 'NotAuthorizedException');
    await rejects(kms.send(new DeleteAliasCommand({ AliasName: 'alias/aws/x' })), 'NotAuthorizedException');
    await rejects(kms.send(new DeleteAliasCommand({ AliasName: 'app-b' })), 'ValidationException');
    await rejects(kms.send(new UpdateAliasCommand({ AliasName: 'alias/app-b', TargetKeyId: 'alias/app-a-2' })), 'ValidationException',
      'Aliases must refer to keys. Not aliases');
  });

  test('management operations given an alias → NotFoundException, and nothing changes', async () => {
    const k = await newKey();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/managed', TargetKeyId: k.keyId }));
    for (const ref of ['alias/managed', aliasArn('alias/managed')]) {
      const calls: [string, () => Promise<unknown>][] = [
        ['DisableKey', () => kms.send(new DisableKeyCommand({ KeyId: ref }))],
        ['EnableKey', () => kms.send(new EnableKeyCommand({ KeyId: ref }))],
        ['ScheduleKeyDeletion', () => kms.send(new ScheduleKeyDeletionCommand({ KeyId: ref, PendingWindowInDays: 7 }))],
        ['EnableKeyRotation', () => kms.send(new EnableKeyRotationCommand({ KeyId: ref }))],
        ['DisableKeyRotation', () => kms.send(new DisableKeyRotationCommand({ KeyId: ref }))],
        ['GetKeyRotationStatus', () => kms.send(new GetKeyRotationStatusCommand({ KeyId: ref }))],
        ['TagResource', () => kms.send(new TagResourceCommand({ KeyId: ref, Tags: [{ TagKey: 'k', TagValue: 'v' }] }))],
        ['UntagResource', () => kms.send(new UntagResourceCommand({ KeyId: ref, TagKeys: ['k'] }))],
        ['ListResourceTags', () => kms.send(new ListResourceTagsCommand({ KeyId: ref }))],
        ['UpdateKeyDescription', () => kms.send(new UpdateKeyDescriptionCommand({ KeyId: ref, Description: 'no' }))],
        ['ListAliases', () => kms.send(new ListAliasesCommand({ KeyId: ref }))],
        ['GetKeyLastUsage', () => kms.send(new GetKeyLastUsageCommand({ KeyId: ref }))],
      ];
      // One call at a time: a rejection is always awaited when it happens (no unhandled rejections).
      for (const [op, call] of calls) await rejects(call(), 'NotFoundException', undefined, `${op}(${ref})`);
    }
    const md = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/managed' }))).KeyMetadata!;
    assert.equal(md.KeyState, 'Enabled');
    assert.equal(md.Description, '');
    assert.deepEqual((await listTags(k.keyId)).tags, []);
    assert.equal((await kms.send(new GetKeyRotationStatusCommand({ KeyId: k.keyId }))).KeyRotationEnabled, false);
  });
});

describe('tags', () => {
  test('CreateKey with Tags; ListResourceTags in insertion order (72)', async () => {
    const tags = [{ TagKey: 'zeta', TagValue: '1' }, { TagKey: 'alpha', TagValue: '2' }, { TagKey: 'mid', TagValue: '' }];
    const k = await newKey({ Tags: tags });
    assert.deepEqual(members(await kms.send(new ListResourceTagsCommand({ KeyId: k.keyId }))), { Tags: tags, Truncated: false });
    assert.deepEqual((await kms.send(new ListResourceTagsCommand({ KeyId: k.arn }))).Tags, tags, 'by ARN too');
  });

  test('TagResource adds and overwrites; UntagResource removes some, ignores unknown, then all (73)', async () => {
    const k = await newKey({ Tags: [{ TagKey: 'a', TagValue: '1' }, { TagKey: 'b', TagValue: '2' }] });
    assert.deepEqual(members(await kms.send(new TagResourceCommand({ KeyId: k.arn, Tags: [{ TagKey: 'b', TagValue: 'two' }, { TagKey: 'c', TagValue: '3' }] }))), {});
    const after = (await listTags(k.keyId)).tags;
    assert.deepEqual([...after].sort((x, y) => x.TagKey!.localeCompare(y.TagKey!)),
      [{ TagKey: 'a', TagValue: '1' }, { TagKey: 'b', TagValue: 'two' }, { TagKey: 'c', TagValue: '3' }]);
    assert.equal(after[after.length - 1]!.TagKey, 'c', 'a new tag comes after the existing ones');
    assert.deepEqual(members(await kms.send(new UntagResourceCommand({ KeyId: k.keyId, TagKeys: ['a', 'not-there'] }))), {});
    assert.deepEqual((await listTags(k.keyId)).tags.map((t) => t.TagKey).sort(), ['b', 'c']);
    await kms.send(new UntagResourceCommand({ KeyId: k.keyId, TagKeys: ['b', 'c'] }));
    assert.deepEqual(members(await kms.send(new ListResourceTagsCommand({ KeyId: k.keyId }))), { Tags: [], Truncated: false });
    // Keys are case-sensitive.
    await kms.send(new TagResourceCommand({ KeyId: k.keyId, Tags: [{ TagKey: 'Env', TagValue: 'x' }, { TagKey: 'env', TagValue: 'y' }] }));
    assert.equal((await listTags(k.keyId)).tags.length, 2);
  });

  test('Duplicate tag keys, Too many tags, reserved aws: prefix → TagException (74–76)', async () => {
    const k = await newKey();
    await rejects(kms.send(new TagResourceCommand({ KeyId: k.keyId, Tags: [{ TagKey: 'd', TagValue: '1' }, { TagKey: 'd', TagValue: '2' }] })),
      'TagException', 'Duplicate tag keys');
    await rejects(kms.send(new CreateKeyCommand({ Tags: [{ TagKey: 'd', TagValue: '1' }, { TagKey: 'd', TagValue: '1' }] })),
      'TagException', 'Duplicate tag keys');
    const fiftyOne = Array.from({ length: 51 }, (_, i) => ({ TagKey: `t${i}`, TagValue: `${i}` }));
    await rejects(kms.send(new TagResourceCommand({ KeyId: k.keyId, Tags: fiftyOne })), 'TagException', 'Too many tags');
    await rejects(kms.send(new CreateKeyCommand({ Tags: fiftyOne })), 'TagException', 'Too many tags');
    await kms.send(new TagResourceCommand({ KeyId: k.keyId, Tags: fiftyOne.slice(0, 45) }));
    await rejects(kms.send(new TagResourceCommand({ KeyId: k.keyId, Tags: fiftyOne.slice(40, 51) })), 'TagException', 'Too many tags',
      '45 existing + 6 new');
    await kms.send(new TagResourceCommand({ KeyId: k.keyId, Tags: fiftyOne.slice(40, 50) })); // 50 in all, 5 overwritten
    assert.equal((await listTags(k.keyId)).tags.length, 50);
    await kms.send(new TagResourceCommand({ KeyId: k.keyId, Tags: [{ TagKey: 't0', TagValue: 'overwrite at the limit' }] }));
    await rejects(kms.send(new TagResourceCommand({ KeyId: k.keyId, Tags: [{ TagKey: 'one-more', TagValue: '' }] })), 'TagException', 'Too many tags');
    for (const key of ['aws:x', 'AWS:x', 'Aws:Env', 'aWs:']) {
      await rejects(kms.send(new TagResourceCommand({ KeyId: (await newKey()).keyId, Tags: [{ TagKey: key, TagValue: 'v' }] })),
        'TagException', 'Tags beginning with aws: are reserved', key);
    }
    await rejects(kms.send(new CreateKeyCommand({ Tags: [{ TagKey: 'aws:created', TagValue: 'v' }] })), 'TagException',
      'Tags beginning with aws: are reserved');
    const ok = await newKey();
    await kms.send(new TagResourceCommand({ KeyId: ok.keyId, Tags: [{ TagKey: 'awsx', TagValue: 'fine' }, { TagKey: 'x:aws:', TagValue: 'fine' }] }));
    assert.equal((await listTags(ok.keyId)).tags.length, 2);
  });

  test('tag key over 128 / value over 256 → ValidationException naming tags.N.member (77)', async () => {
    const k = await newKey();
    const longKey = 'k'.repeat(129);
    const longValue = 'v'.repeat(257);
    await rejects(kms.send(new TagResourceCommand({ KeyId: k.keyId, Tags: [{ TagKey: longKey, TagValue: 'v' }] })), 'ValidationException',
      `1 validation error detected: Value '${longKey}' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128`);
    await rejects(kms.send(new TagResourceCommand({ KeyId: k.keyId, Tags: [{ TagKey: 'k', TagValue: longValue }] })), 'ValidationException',
      `1 validation error detected: Value '${longValue}' at 'tags.1.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256`);
    await rejects(kms.send(new TagResourceCommand({ KeyId: k.keyId, Tags: [{ TagKey: 'ok', TagValue: '' }, { TagKey: longKey, TagValue: '' }] })),
      'ValidationException', /at 'tags\.2\.member\.tagKey'/);
    await kms.send(new TagResourceCommand({ KeyId: k.keyId, Tags: [{ TagKey: 'k'.repeat(128), TagValue: 'v'.repeat(256) }] }));
    assert.deepEqual((await listTags(k.keyId)).tags, [{ TagKey: 'k'.repeat(128), TagValue: 'v'.repeat(256) }], 'limits are inclusive; nothing else was stored');
  });

  test('tag operations on an unknown key → NotFoundException; a key ARN is accepted (78)', async () => {
    const missing = '11111111-2222-3333-4444-555555555555';
    const text = `Key 'arn:aws:kms:us-east-1:111122223333:key/${missing}' does not exist`;
    await rejects(kms.send(new TagResourceCommand({ KeyId: missing, Tags: [{ TagKey: 'k', TagValue: 'v' }] })), 'NotFoundException', text);
    await rejects(kms.send(new UntagResourceCommand({ KeyId: missing, TagKeys: ['k'] })), 'NotFoundException', text);
    await rejects(kms.send(new ListResourceTagsCommand({ KeyId: missing })), 'NotFoundException', text);
    await rejects(kms.send(new ListResourceTagsCommand({ KeyId: 'unknown' })), 'NotFoundException', "Invalid keyId 'unknown'");
    const k = await newKey();
    await kms.send(new TagResourceCommand({ KeyId: k.arn, Tags: [{ TagKey: 'by', TagValue: 'arn' }] }));
    await kms.send(new UntagResourceCommand({ KeyId: k.arn, TagKeys: ['by'] }));
    assert.deepEqual((await listTags(k.arn)).tags, []);
  });

  test('ListResourceTags paginates with Limit', async () => {
    const tags = Array.from({ length: 5 }, (_, i) => ({ TagKey: `p${i}`, TagValue: `v${i}` }));
    const k = await newKey({ Tags: tags });
    const first = await kms.send(new ListResourceTagsCommand({ KeyId: k.keyId, Limit: 2 }));
    assert.deepEqual(first.Tags, tags.slice(0, 2));
    assert.equal(first.Truncated, true);
    assert.ok(first.NextMarker);
    const paged = await listTags(k.keyId, 2);
    assert.equal(paged.pages, 3);
    assert.deepEqual(paged.tags, tags);
    const exact = await kms.send(new ListResourceTagsCommand({ KeyId: k.keyId, Limit: 5 }));
    assert.equal(exact.Truncated, false);
    assert.equal(exact.NextMarker, undefined);
    await rejects(kms.send(new ListResourceTagsCommand({ KeyId: k.keyId, Marker: 'not-a-marker' })), 'InvalidMarkerException');
  });
});

describe('GetKeyLastUsage', () => {
  test('absent for a new key; then the last successful Encrypt / Decrypt / GenerateDataKey', async () => {
    const created = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const fresh = await kms.send(new GetKeyLastUsageCommand({ KeyId: created.KeyId }));
    assert.equal(fresh.KeyId, created.Arn);
    assert.equal(fresh.KeyLastUsage, undefined, 'never used');
    assert.equal(fresh.KeyCreationDate?.getTime(), created.CreationDate?.getTime());
    assert.ok(fresh.TrackingStartDate instanceof Date);

    await advanceClock(server.url, 60);
    const enc = await kms.send(new EncryptCommand({ KeyId: created.KeyId, Plaintext: Buffer.from('used') }));
    const encTime = await serverNowMs(server.url);
    const afterEnc = await kms.send(new GetKeyLastUsageCommand({ KeyId: created.Arn }));
    assert.equal(afterEnc.KeyLastUsage?.Operation, 'Encrypt');
    assert.ok(afterEnc.KeyLastUsage?.Timestamp instanceof Date);
    assert.ok(Math.abs(afterEnc.KeyLastUsage.Timestamp.getTime() - encTime) < 5000, 'Timestamp is the (test-clock) time of use');
    assert.ok(afterEnc.KeyLastUsage.Timestamp.getTime() > created.CreationDate!.getTime() + 59_000);
    if (afterEnc.KeyLastUsage.KmsRequestId !== undefined) assert.equal(afterEnc.KeyLastUsage.KmsRequestId, enc.$metadata.requestId);

    // Non-cryptographic operations do not count.
    await kms.send(new DescribeKeyCommand({ KeyId: created.KeyId }));
    await kms.send(new TagResourceCommand({ KeyId: created.KeyId, Tags: [{ TagKey: 'k', TagValue: 'v' }] }));
    assert.equal((await kms.send(new GetKeyLastUsageCommand({ KeyId: created.KeyId }))).KeyLastUsage?.Operation, 'Encrypt');

    await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }));
    assert.equal((await kms.send(new GetKeyLastUsageCommand({ KeyId: created.KeyId }))).KeyLastUsage?.Operation, 'Decrypt');

    // A failed use does not count.
    await kms.send(new DisableKeyCommand({ KeyId: created.KeyId }));
    await rejects(kms.send(new EncryptCommand({ KeyId: created.KeyId, Plaintext: Buffer.from('x') })), 'DisabledException');
    assert.equal((await kms.send(new GetKeyLastUsageCommand({ KeyId: created.KeyId }))).KeyLastUsage?.Operation, 'Decrypt');
    await kms.send(new EnableKeyCommand({ KeyId: created.KeyId }));
    await kms.send(new GenerateDataKeyCommand({ KeyId: created.KeyId, NumberOfBytes: 32 }));
    assert.equal((await kms.send(new GetKeyLastUsageCommand({ KeyId: created.KeyId }))).KeyLastUsage?.Operation, 'GenerateDataKey');
  });
});
