// Audit events as CloudTrail records: parameters camel-cased with data and secrets left out and sensitive values
// HMAC'd, identities of users, role sessions and the system, and every event valid against the repo's JSON schema.
import assert from 'node:assert/strict';
import { createSecretKey } from 'node:crypto';
import { test } from 'node:test';
import { AuditHasher } from '../../../src/audit/events/audit-hasher.js';
import { cloudTrailEvent, eventSourceAndName } from '../../../src/audit/events/cloudtrail-event.js';
import { eventFacts } from '../../../src/audit/events/event-facts.js';
import type { AuditRecord } from '../../../src/core/model.js';
import type { Principal } from '../../../src/core/service.js';
import { schemaErrors } from '../../support/audit-schema.js';

const hasher = new AuditHasher(createSecretKey(Buffer.alloc(32, 7)));
const scope = { accountId: '111122223333', region: 'eu-west-1' };
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const alice: Principal = { arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', type: 'User', userId: 'AIDAALICE0000000000X', userName: 'alice', accessKeyId: 'AKIAALICE00000000001' };
const session: Principal = {
  arn: 'arn:aws:sts::111122223333:assumed-role/Decrypter/job-7', accountId: '111122223333', type: 'AssumedRole',
  userId: 'AROADECRYPTER000000X:job-7', role: { name: 'Decrypter', arn: 'arn:aws:iam::111122223333:role/Decrypter' },
  accessKeyId: 'ASIASESSION000000001', session: { name: 'job-7', issuedAt: Date.UTC(2026, 11, 7, 10), expiresAt: Date.UTC(2026, 11, 7, 11), tags: {}, sourceIdentity: 'ci' },
};

function record(over: Partial<AuditRecord>, facts?: object): AuditRecord {
  return {
    seq: 42, time: Date.UTC(2026, 11, 7, 12, 0, 1, 250), requestId: 'req-1', principal: alice.arn, accessKeyId: alice.accessKeyId,
    sourceAddress: '127.0.0.1', operation: 'Encrypt', keyArn: KEY, keyVersion: 1, outcome: 'success',
    details: facts ? JSON.stringify({ EncryptionContextKeys: ['app'], event: facts }) : undefined,
    prevHash: '0'.repeat(64), hash: 'ab'.repeat(32), ...over,
  };
}

test('requestParameters: camelCase members, blobs and secrets left out, context values and grant tokens HMACd', () => {
  const f = eventFacts({
    operation: 'Encrypt', principal: alice, userAgent: 'aws-sdk-js/3.1164.0', output: undefined, errorMessage: undefined,
    input: { KeyId: 'alias/billing', Plaintext: Buffer.from('secret data'), EncryptionContext: { app: 'billing', tenant: 't-9' }, GrantTokens: ['tok-A'], EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
  }, hasher);
  assert.deepEqual(f.requestParameters, {
    keyId: 'alias/billing',
    encryptionContext: { app: hasher.hash('billing'), tenant: hasher.hash('t-9') },
    grantTokens: [hasher.hash('tok-A')],
    encryptionAlgorithm: 'SYMMETRIC_DEFAULT',
  });
  assert.equal(f.responseElements, undefined, 'the data plane records no responseElements');
  assert.match(hasher.hash('billing'), /^hmac-sha256:[0-9a-f]{64}$/);
  assert.notEqual(new AuditHasher(createSecretKey(Buffer.alloc(32, 8))).hash('billing'), hasher.hash('billing'), 'the key is per installation');
});

test('responseElements of creations, without secrets; nested members and lists; errors quoting hashed values', () => {
  const key = eventFacts({
    operation: 'iam:CreateAccessKey', principal: alice, userAgent: undefined, errorMessage: undefined, input: { UserName: 'bob' },
    output: { AccessKey: { UserName: 'bob', AccessKeyId: 'AKIABOB0000000000001', Status: 'Active', SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG', CreateDate: new Date(0) } },
  }, hasher);
  assert.deepEqual(key.responseElements, { accessKey: { userName: 'bob', accessKeyId: 'AKIABOB0000000000001', status: 'Active', createDate: '1970-01-01T00:00:00.000Z' } });
  const grant = eventFacts({
    operation: 'CreateGrant', principal: alice, userAgent: undefined, errorMessage: undefined,
    input: { KeyId: KEY, GranteePrincipal: alice.arn, Operations: ['Decrypt'], Constraints: { EncryptionContextSubset: { app: 'billing' } } },
    output: { GrantId: 'g-1', GrantToken: 'bearer-token' },
  }, hasher);
  assert.deepEqual(grant.requestParameters!.constraints, { encryptionContextSubset: { app: hasher.hash('billing') } });
  assert.deepEqual(grant.responseElements, { grantId: 'g-1', grantToken: hasher.hash('bearer-token') });
  const failed = eventFacts({
    operation: 'Decrypt', principal: alice, userAgent: undefined, output: undefined, input: { GrantTokens: ['tok-B'] },
    errorMessage: "1 validation error detected: Value '[tok-B]' at 'grantTokens' failed",
  }, hasher);
  assert.ok(!failed.errorMessage!.includes('tok-B') && failed.errorMessage!.includes(hasher.hash('tok-B')));
});

test('a user call as CloudTrail writes it, valid against the schema', () => {
  const facts = eventFacts({ operation: 'Encrypt', principal: alice, userAgent: 'boto3/1.43', input: { KeyId: KEY }, output: undefined, errorMessage: undefined }, hasher);
  const e = cloudTrailEvent(record({}, facts), scope);
  assert.deepEqual(schemaErrors(e), []);
  assert.equal(e.eventTime, '2026-12-07T12:00:01Z');
  assert.deepEqual(e.userIdentity, { type: 'IAMUser', principalId: 'AIDAALICE0000000000X', arn: alice.arn, accountId: '111122223333', accessKeyId: 'AKIAALICE00000000001', userName: 'alice' });
  assert.deepEqual([e.eventSource, e.eventName, e.readOnly, e.eventType, e.userAgent, e.awsRegion], ['kms.amazonaws.com', 'Encrypt', true, 'AwsApiCall', 'boto3/1.43', 'eu-west-1']);
  assert.deepEqual(e.resources, [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: KEY }]);
  assert.equal(e.eventID, 'abababab-abab-abab-abab-abababababab');
  assert.deepEqual(e.additionalEventData, { auditSeq: 42, auditHash: 'ab'.repeat(32), keyVersion: 1, details: { EncryptionContextKeys: ['app'] } });
});

test('a role session, a failed call, the system and an unauthenticated caller', () => {
  const s = cloudTrailEvent(record({ principal: session.arn, accessKeyId: session.accessKeyId, outcome: 'failure', errorCode: 'AccessDeniedException' },
    eventFacts({ operation: 'Decrypt', principal: session, userAgent: 'x', input: {}, output: undefined, errorMessage: 'not authorized' }, hasher)), scope);
  assert.deepEqual(schemaErrors(s), []);
  assert.deepEqual(s.userIdentity, {
    type: 'AssumedRole', principalId: 'AROADECRYPTER000000X:job-7', arn: session.arn, accountId: '111122223333', accessKeyId: 'ASIASESSION000000001',
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: 'AROADECRYPTER000000X', arn: 'arn:aws:iam::111122223333:role/Decrypter', accountId: '111122223333', userName: 'Decrypter' },
      attributes: { creationDate: '2026-12-07T10:00:00Z', mfaAuthenticated: 'false' }, sourceIdentity: 'ci',
    },
  });
  assert.deepEqual([s.errorCode, s.errorMessage], ['AccessDeniedException', 'not authorized']);
  const sys = cloudTrailEvent(record({ principal: 'keyward:system', accessKeyId: undefined, operation: 'DeleteKey', sourceAddress: 'keyward', details: '{"reason":"ScheduledDeletion"}' }), scope);
  assert.deepEqual(schemaErrors(sys), []);
  assert.deepEqual([sys.eventType, (sys.userIdentity as { type: string }).type, sys.readOnly, sys.sourceIPAddress], ['AwsServiceEvent', 'AWSService', false, 'kms.amazonaws.com']);
  const anon = cloudTrailEvent(record({ principal: '-', accessKeyId: undefined, keyArn: undefined, keyVersion: undefined, outcome: 'failure', errorCode: 'IncompleteSignatureException', details: undefined }), scope);
  assert.deepEqual(schemaErrors(anon), []);
  assert.deepEqual(anon.userIdentity, { type: 'Unknown' });
  assert.equal(anon.errorMessage, '');
});

test('event sources: KMS, IAM, STS and Keyward extension operations', () => {
  assert.deepEqual(eventSourceAndName('iam:CreateUser'), { eventSource: 'iam.amazonaws.com', eventName: 'CreateUser' });
  assert.deepEqual(eventSourceAndName('sts:AssumeRole'), { eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole' });
  assert.deepEqual(eventSourceAndName('ListKeys'), { eventSource: 'kms.amazonaws.com', eventName: 'ListKeys' });
  assert.deepEqual(eventSourceAndName('keyward:ArchiveKey'), { eventSource: 'keyward', eventName: 'ArchiveKey' });
});
