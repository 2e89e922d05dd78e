// AccessDeniedException texts in AWS's exact forms, the decision basis, the lockout safety check, and compilation
// details (case-insensitive context lookup, memoised action buckets, documents accepted uncompiled).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePolicy, evaluate, evaluateKms, parsePolicy, wouldLockOut } from '../../../src/policy/index.js';
import { ACCT, DEFAULT_KEY_POLICY, KEY, P, ROOT, allowStmt, denyStmt, doc, keyStmt } from './fixtures.js';

const key = (o: object) => compilePolicy(parsePolicy(JSON.stringify(o), 'resource'), 'default');
const id = (o: object) => compilePolicy(parsePolicy(JSON.stringify(o), 'identity'), 'alice-inline');
const session = (o: object) => compilePolicy(parsePolicy(JSON.stringify(o), 'session'));
const U = P.alice.arn;

test('implicit deny by the key policy: "because no resource-based policy allows"', () => {
  const d = evaluateKms({ principal: P.alice, action: 'kms:Encrypt', resource: KEY, keyPolicy: key(doc(keyStmt('Allow', P.bob.arn, 'kms:*'))) });
  assert.equal(d.message(U, 'kms:Encrypt', KEY),
    `User: ${U} is not authorized to perform: kms:Encrypt on resource: ${KEY} because no resource-based policy allows the kms:Encrypt action`);
});

test('implicit deny by identity policies: "because no identity-based policy allows"', () => {
  const d = evaluateKms({ principal: P.alice, action: 'kms:Decrypt', resource: KEY, keyPolicy: key(DEFAULT_KEY_POLICY) });
  assert.equal(d.message(U, 'kms:Decrypt', KEY),
    `User: ${U} is not authorized to perform: kms:Decrypt on resource: ${KEY} because no identity-based policy allows the kms:Decrypt action`);
});

test('explicit denies name the policy type', () => {
  const kp = key(doc(keyStmt('Allow', ROOT, 'kms:*'), { ...keyStmt('Deny', U, 'kms:Encrypt'), Sid: 'NoEncrypt' }));
  const d1 = evaluateKms({ principal: P.alice, action: 'kms:Encrypt', resource: KEY, keyPolicy: kp, identityPolicies: [id(doc(allowStmt('kms:*')))] });
  assert.equal(d1.effect, 'ExplicitDeny');
  assert.deepEqual(d1.basis, { type: 'resource-based', policy: 'default', statement: 'NoEncrypt' });
  assert.equal(d1.message(U, 'kms:Encrypt', KEY), `User: ${U} is not authorized to perform: kms:Encrypt on resource: ${KEY} with an explicit deny in a resource-based policy`);
  const d2 = evaluateKms({ principal: P.alice, action: 'kms:Decrypt', resource: KEY, keyPolicy: key(DEFAULT_KEY_POLICY),
    identityPolicies: [id(doc(allowStmt('kms:*'), denyStmt('kms:Decrypt')))] });
  assert.deepEqual(d2.basis, { type: 'identity-based', policy: 'alice-inline', statement: '#1' });
  assert.equal(d2.message(U, 'kms:Decrypt', KEY), `User: ${U} is not authorized to perform: kms:Decrypt on resource: ${KEY} with an explicit deny in an identity-based policy`);
});

test('session-policy and permissions-boundary forms', () => {
  const base = { principal: P.app, resource: KEY, keyPolicy: key(DEFAULT_KEY_POLICY), identityPolicies: [id(doc(allowStmt('kms:*')))] };
  const s = P.app.arn;
  const implicit = evaluateKms({ ...base, action: 'kms:Encrypt', sessionPolicies: [session(doc(allowStmt('kms:Decrypt')))] });
  assert.equal(implicit.message(s, 'kms:Encrypt', KEY), `User: ${s} is not authorized to perform: kms:Encrypt on resource: ${KEY} because no session policy allows the kms:Encrypt action`);
  const explicit = evaluateKms({ ...base, action: 'kms:Encrypt', sessionPolicies: [session(doc(allowStmt('kms:*'), denyStmt('kms:Encrypt')))] });
  assert.equal(explicit.message(s, 'kms:Encrypt', KEY), `User: ${s} is not authorized to perform: kms:Encrypt on resource: ${KEY} with an explicit deny in a session policy`);
  const boundary = evaluateKms({ ...base, action: 'kms:Encrypt', permissionsBoundary: id(doc(allowStmt('kms:Decrypt'))) });
  assert.equal(boundary.message(s, 'kms:Encrypt', KEY), `User: ${s} is not authorized to perform: kms:Encrypt on resource: ${KEY} because no permissions boundary allows the kms:Encrypt action`);
  const bDeny = evaluateKms({ ...base, action: 'kms:Encrypt', permissionsBoundary: id(doc(allowStmt('kms:*'), denyStmt('kms:Encrypt'))) });
  assert.equal(bDeny.message(s, 'kms:Encrypt', KEY), `User: ${s} is not authorized to perform: kms:Encrypt on resource: ${KEY} with an explicit deny in a permissions boundary`);
});

test('actions without a resource omit "on resource:"', () => {
  const d = evaluateKms({ principal: P.alice, action: 'kms:CreateKey' });
  assert.equal(d.message(U, 'kms:CreateKey'), `User: ${U} is not authorized to perform: kms:CreateKey because no identity-based policy allows the kms:CreateKey action`);
});

test('allow decisions carry their basis and an empty message', () => {
  const byKey = evaluateKms({ principal: P.alice, action: 'kms:Encrypt', resource: KEY, keyPolicy: key(doc({ ...keyStmt('Allow', U, 'kms:Encrypt'), Sid: 'Alice' })) });
  assert.deepEqual(byKey.basis, { type: 'resource-based', policy: 'default', statement: 'Alice' });
  assert.equal(byKey.message(U, 'kms:Encrypt', KEY), '');
  const byGrant = evaluateKms({ principal: P.alice, action: 'kms:Decrypt', resource: KEY, keyPolicy: key(DEFAULT_KEY_POLICY),
    grants: [{ grantId: 'abc', granteePrincipal: U, operations: ['Decrypt'] }] });
  assert.deepEqual(byGrant.basis, { type: 'grant', grantId: 'abc' });
});

test('wouldLockOut: the default policy keeps the account root in control', () => {
  assert.equal(wouldLockOut(key(DEFAULT_KEY_POLICY), { principal: P.root, action: 'kms:CreateKey', resource: KEY }), false);
  assert.equal(wouldLockOut(key(DEFAULT_KEY_POLICY), { principal: P.alice, action: 'kms:PutKeyPolicy', resource: KEY,
    identityPolicies: [id(doc(allowStmt('kms:PutKeyPolicy')))] }), false);
});

test('wouldLockOut: a policy naming only another user locks the caller out', () => {
  const newPolicy = key(doc(keyStmt('Allow', P.bob.arn, 'kms:*')));
  assert.equal(wouldLockOut(newPolicy, { principal: P.alice, action: 'kms:PutKeyPolicy', resource: KEY, identityPolicies: [id(doc(allowStmt('kms:*')))] }), true);
  assert.equal(wouldLockOut(newPolicy, { principal: P.bob, action: 'kms:PutKeyPolicy', resource: KEY }), false);
});

test('wouldLockOut: the caller\'s own identity policies and session policies count', () => {
  const delegating = key(DEFAULT_KEY_POLICY);
  assert.equal(wouldLockOut(delegating, { principal: P.alice, action: 'kms:PutKeyPolicy', resource: KEY }), true);
  assert.equal(wouldLockOut(delegating, { principal: P.app, action: 'kms:PutKeyPolicy', resource: KEY,
    identityPolicies: [id(doc(allowStmt('kms:*')))], sessionPolicies: [session(doc(allowStmt('kms:Encrypt')))] }), true);
  const denying = key(doc(keyStmt('Allow', ROOT, 'kms:*'), keyStmt('Deny', '*', 'kms:PutKeyPolicy')));
  assert.equal(wouldLockOut(denying, { principal: P.root, action: 'kms:CreateKey', resource: KEY }), true);
});

test('wouldLockOut ignores grants (PutKeyPolicy is no grant operation)', () => {
  const newPolicy = key(doc(keyStmt('Allow', P.bob.arn, 'kms:*')));
  assert.equal(wouldLockOut(newPolicy, { principal: P.alice, action: 'kms:PutKeyPolicy', resource: KEY,
    grants: [{ grantId: 'g', granteePrincipal: U, operations: ['PutKeyPolicy'] }] }), true);
});

test('parsed documents are accepted uncompiled and compiled once', () => {
  const parsed = parsePolicy(JSON.stringify(doc(allowStmt('kms:Encrypt'))), 'identity');
  for (let i = 0; i < 3; i++) {
    assert.equal(evaluate({ principal: P.alice, action: 'kms:Encrypt', identityPolicies: [parsed] }).effect, 'Allow');
  }
});

test('action buckets: only statements naming the action are considered, and the bucket is memoised', () => {
  const c = id(doc(allowStmt('kms:Encrypt'), allowStmt('kms:Gen*'), denyStmt('s3:*'), { Effect: 'Allow', NotAction: 'kms:Encrypt', Resource: '*' }));
  assert.deepEqual(c.forAction('kms:encrypt').map((s) => s.index), [0]);
  assert.deepEqual(c.forAction('kms:generatedatakey').map((s) => s.index), [1, 3]);
  assert.equal(c.forAction('kms:encrypt'), c.forAction('kms:encrypt'));
});

test('context keys are looked up case-insensitively, values stay case-sensitive', () => {
  const pol = id(doc(allowStmt('kms:Encrypt', '*', { StringEquals: { 'kms:EncryptionContext:App': 'Billing' } })));
  const run = (context: Record<string, string>) => evaluate({ principal: P.alice, action: 'kms:Encrypt', context, identityPolicies: [pol] }).effect;
  assert.equal(run({ 'KMS:ENCRYPTIONCONTEXT:APP': 'Billing' }), 'Allow');
  assert.equal(run({ 'kms:EncryptionContext:app': 'billing' }), 'ImplicitDeny');
});

test('the principal\'s global keys are filled in; explicit context wins', () => {
  const pol = id(doc(allowStmt('kms:Encrypt', '*', { StringEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCT}:role/AppRole`, 'aws:userid': 'AROAAPPROLE:app-session' } })));
  assert.equal(evaluate({ principal: P.app, action: 'kms:Encrypt', identityPolicies: [pol] }).effect, 'Allow');
  assert.equal(evaluate({ principal: P.app, action: 'kms:Encrypt', identityPolicies: [pol], context: { 'aws:userid': 'other' } }).effect, 'ImplicitDeny');
});

test('role trust policy forms', () => {
  const role = `arn:aws:iam::${ACCT}:role/AppRole`;
  const trust = (o: object) => compilePolicy(parsePolicy(JSON.stringify(o), 'trust'));
  const none = evaluate({ principal: P.alice, action: 'sts:AssumeRole', resource: role, resourcePolicy: trust(doc({ Effect: 'Allow', Principal: { AWS: P.bob.arn }, Action: 'sts:AssumeRole' })) });
  assert.equal(none.message(U, 'sts:AssumeRole', role), `User: ${U} is not authorized to perform: sts:AssumeRole on resource: ${role} because no role trust policy allows the sts:AssumeRole action`);
  const deny = evaluate({ principal: P.alice, action: 'sts:AssumeRole', resource: role, resourcePolicy: trust(doc({ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' })) });
  assert.equal(deny.message(U, 'sts:AssumeRole', role), `User: ${U} is not authorized to perform: sts:AssumeRole on resource: ${role} with an explicit deny in the role trust policy`);
});
