// The policy grammar: every malformed form is rejected with a clear IAM-style message; AWS's own examples parse.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePolicy, policyPrincipals, PolicyGrammarError, type PolicyKind } from '../../../src/policy/index.js';
import { ACCT, DEFAULT_KEY_POLICY, ROOT } from './fixtures.js';

const S = (o: object) => JSON.stringify(o);
const allow = { Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' };
const keyAllow = { ...allow, Principal: { AWS: ROOT } };
const one = (stmt: object, Version = '2012-10-17') => S({ Version, Statement: stmt });

/** [name, kind, text, expected message (exact string or pattern)] */
const REJECTED: [string, PolicyKind, string, string | RegExp][] = [
  ['not JSON', 'identity', '{"Version": ', 'Syntax errors in policy.'],
  ['not JSON (trust policy wording)', 'trust', 'nope', 'This policy contains invalid Json'],
  ['a JSON array', 'identity', '[]', 'The policy document must be a JSON object.'],
  ['a JSON string', 'resource', '"x"', 'The policy document must be a JSON object.'],
  ['null', 'identity', 'null', 'The policy document must be a JSON object.'],
  ['unknown top-level element', 'identity', S({ Version: '2012-10-17', Statement: [allow], Comment: 'x' }), 'Unknown field Comment'],
  ['no Statement', 'identity', S({ Version: '2012-10-17' }), 'Missing required field Statement'],
  ['empty Statement list', 'identity', S({ Version: '2012-10-17', Statement: [] }), 'The policy document must contain at least one statement.'],
  ['Statement of a string', 'identity', S({ Version: '2012-10-17', Statement: 'x' }), 'Each statement must be a JSON object.'],
  ['invalid Version', 'identity', one(allow, '2012-10-18'), 'The policy failed legacy parsing'],
  ['numeric Version', 'identity', S({ Version: 2012, Statement: allow }), 'The policy failed legacy parsing'],
  ['Id not a string', 'identity', S({ Version: '2012-10-17', Id: 5, Statement: allow }), 'Id must be a string.'],
  ['unknown statement element', 'identity', one({ ...allow, Actions: 'x' }), 'Unknown field Actions'],
  ['lower-case element name', 'identity', one({ ...allow, effect: 'Allow' }), 'Unknown field effect'],
  ['missing Effect', 'identity', one({ Action: 'kms:Encrypt', Resource: '*' }), 'Missing required field Effect'],
  ['Effect not Allow/Deny', 'identity', one({ ...allow, Effect: 'Permit' }), /^Invalid effect: "Permit"/],
  ['Effect in lower case', 'identity', one({ ...allow, Effect: 'allow' }), /^Invalid effect/],
  ['neither Action nor NotAction', 'identity', one({ Effect: 'Allow', Resource: '*' }), 'Policy statement must contain actions.'],
  ['both Action and NotAction', 'identity', one({ ...allow, NotAction: 'kms:Decrypt' }), 'A statement cannot contain both Action and NotAction.'],
  ['action without vendor prefix', 'identity', one({ ...allow, Action: 'Encrypt' }), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
  ['action with bad characters', 'identity', one({ ...allow, Action: 'kms:En crypt' }), 'Invalid action: kms:En crypt'],
  ['empty action list', 'identity', one({ ...allow, Action: [] }), 'Action must be a string or a non-empty list of strings.'],
  ['action list with a number', 'identity', one({ ...allow, Action: ['kms:Encrypt', 5] }), 'Action must be a string or a non-empty list of strings.'],
  ['identity policy without Resource', 'identity', one({ Effect: 'Allow', Action: 'kms:Encrypt' }), 'Policy statement must contain resources.'],
  ['session policy without Resource', 'session', one({ Effect: 'Allow', Action: 'kms:Encrypt' }), 'Policy statement must contain resources.'],
  ['both Resource and NotResource', 'identity', one({ ...allow, NotResource: '*' }), 'A statement cannot contain both Resource and NotResource.'],
  ['resource not an ARN', 'identity', one({ ...allow, Resource: 'vpc-123' }), 'Resource vpc-123 must be in ARN format or "*".'],
  ['trust policy with Resource', 'trust', one({ Effect: 'Allow', Principal: { AWS: ACCT }, Action: 'sts:AssumeRole', Resource: '*' }), 'Has prohibited field Resource'],
  ['identity policy with Principal', 'identity', one({ ...allow, Principal: '*' }), 'Policy document should not specify a principal.'],
  ['session policy with NotPrincipal', 'session', one({ ...allow, NotPrincipal: { AWS: ACCT } }), 'Policy document should not specify a principal.'],
  ['key policy without Principal', 'resource', one(allow), 'Missing required field Principal'],
  ['trust policy without Principal', 'trust', one({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'Missing required field Principal'],
  ['trust policy with NotPrincipal', 'trust', one({ Effect: 'Deny', NotPrincipal: { AWS: ACCT }, Action: 'sts:AssumeRole' }), 'Has prohibited field NotPrincipal'],
  ['both Principal and NotPrincipal', 'resource', one({ ...keyAllow, NotPrincipal: { AWS: ACCT } }), 'A statement cannot contain both Principal and NotPrincipal.'],
  ['principal of a bare string', 'resource', one({ ...allow, Principal: ROOT }), /^Principal must be "\*" or an object/],
  ['principal of an unknown type', 'resource', one({ ...allow, Principal: { User: 'alice' } }), /^Principal must be/],
  ['empty principal object', 'resource', one({ ...allow, Principal: {} }), /^Principal must be/],
  ['empty principal list', 'resource', one({ ...allow, Principal: { AWS: [] } }), /^Principal must be/],
  ['partial wildcard in a principal ARN', 'resource', one({ ...allow, Principal: { AWS: `arn:aws:iam::${ACCT}:user/*` } }),
    `Invalid principal in policy: "AWS":"arn:aws:iam::${ACCT}:user/*"`],
  ['account id of 11 digits', 'resource', one({ ...allow, Principal: { AWS: '11112222333' } }), 'Invalid principal in policy: "AWS":"11112222333"'],
  ['principal that is no ARN', 'resource', one({ ...allow, Principal: { AWS: 'alice' } }), 'Invalid principal in policy: "AWS":"alice"'],
  ['assumed-role ARN without session', 'resource', one({ ...allow, Principal: { AWS: `arn:aws:sts::${ACCT}:assumed-role/R` } }), /^Invalid principal in policy/],
  ['service principal without a dot', 'resource', one({ ...allow, Principal: { Service: 'ec2' } }), 'Invalid principal in policy: "Service":"ec2"'],
  ['Sid with spaces in an identity policy', 'identity', one({ ...allow, Sid: 'my sid' }), /^Statement IDs \(SID\) must be alpha-numeric/],
  ['Sid not a string', 'resource', one({ ...keyAllow, Sid: 1 }), 'Sid must be a string.'],
  ['duplicate Sids', 'identity', S({ Version: '2012-10-17', Statement: [{ ...allow, Sid: 'A' }, { ...allow, Sid: 'A' }] }),
    'Statement IDs (SID) in a single policy must be unique.'],
  ['duplicate Sids in a key policy', 'resource', S({ Version: '2012-10-17', Statement: [{ ...keyAllow, Sid: 'x y' }, { ...keyAllow, Sid: 'x y' }] }),
    'Statement IDs (SID) in a single policy must be unique.'],
  ['unknown condition operator', 'identity', one({ ...allow, Condition: { StringEqualz: { 'aws:username': 'a' } } }), 'Invalid Condition type : StringEqualz'],
  ['unknown set qualifier', 'identity', one({ ...allow, Condition: { 'ForSomeValues:StringEquals': { 'aws:TagKeys': 'a' } } }), /^Invalid Condition type/],
  ['NullIfExists', 'identity', one({ ...allow, Condition: { NullIfExists: { 'aws:username': 'true' } } }), 'Invalid Condition type : NullIfExists'],
  ['Condition not an object', 'identity', one({ ...allow, Condition: [] }), /^Condition must be an object/],
  ['operator block not an object', 'identity', one({ ...allow, Condition: { StringEquals: 'x' } }), /^Condition must be an object/],
  ['empty operator block', 'identity', one({ ...allow, Condition: { StringEquals: {} } }), /^Condition must be an object/],
  ['condition key without vendor', 'identity', one({ ...allow, Condition: { StringEquals: { username: 'a' } } }),
    'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
  ['condition value an object', 'identity', one({ ...allow, Condition: { StringEquals: { 'aws:username': { a: 1 } } } }), /^Condition StringEquals for key aws:username must have/],
  ['condition value null', 'identity', one({ ...allow, Condition: { StringEquals: { 'aws:username': null } } }), /must have a string, number or boolean/],
  ['condition value an empty list', 'identity', one({ ...allow, Condition: { StringEquals: { 'aws:username': [] } } }), /must have a string/],
  ['nested list value', 'identity', one({ ...allow, Condition: { StringEquals: { 'aws:username': [['a']] } } }), /must have a string/],
  ['numeric value not a number', 'identity', one({ ...allow, Condition: { NumericLessThan: { 's3:max-keys': 'ten' } } }),
    'Invalid value for condition NumericLessThan and key s3:max-keys: ten'],
  ['numeric operator does not take variables', 'identity', one({ ...allow, Condition: { NumericLessThan: { 's3:max-keys': '${x:y}' } } }), /^Invalid value for condition NumericLessThan/],
  ['date value malformed', 'identity', one({ ...allow, Condition: { DateLessThan: { 'aws:CurrentTime': '2020-13-01T00:00:00Z' } } }), /^Invalid value for condition DateLessThan/],
  ['date value without zone', 'identity', one({ ...allow, Condition: { DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00' } } }), /^Invalid value/],
  ['Bool value not true/false', 'identity', one({ ...allow, Condition: { Bool: { 'aws:SecureTransport': 'yes' } } }), /^Invalid value for condition Bool/],
  ['Null value not true/false', 'identity', one({ ...allow, Condition: { Null: { 'aws:TokenIssueTime': 'maybe' } } }), /^Invalid value for condition Null/],
  ['IpAddress value not a CIDR', 'identity', one({ ...allow, Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/33' } } }), /^Invalid value for condition IpAddress/],
  ['IPv6 value with two ::', 'identity', one({ ...allow, Condition: { IpAddress: { 'aws:SourceIp': '2001::db8::1' } } }), /^Invalid value/],
  ['BinaryEquals value not base64', 'identity', one({ ...allow, Condition: { BinaryEquals: { 'x:b': 'not base64!' } } }), /^Invalid value for condition BinaryEquals/],
  ['KMS: ForAllValues with kms:EncryptionContext:*', 'resource', one({ ...keyAllow, Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContext:Department': 'IT' } } }),
    /^OverlyPermissiveCondition:EncryptionContext: Using the ForAllValues set operator/],
  ['KMS: ForAllValues with aws:RequestTag/*', 'resource', one({ ...keyAllow, Condition: { 'ForAllValues:StringEquals': { 'aws:RequestTag/env': 'prod' } } }),
    /^OverlyPermissiveCondition: Using the ForAllValues set operator .* tag/],
];

for (const [name, kind, text, message] of REJECTED) {
  test(`grammar rejects: ${name}`, () => {
    assert.throws(() => parsePolicy(text, kind, { keyPolicy: true }), (e: unknown) => {
      assert.ok(e instanceof PolicyGrammarError);
      if (typeof message === 'string') assert.equal(e.message, message); else assert.match(e.message, message);
      return true;
    });
  });
}

test('OverlyPermissiveCondition is a key-policy check only', () => {
  const text = one({ ...keyAllow, Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContext:Department': 'IT' } } });
  assert.doesNotThrow(() => parsePolicy(text, 'resource'));
  assert.doesNotThrow(() => parsePolicy(one({ ...allow, Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContext:D': 'IT' } } }), 'identity', { keyPolicy: true }));
});

/** AWS examples and edge forms that must parse. */
const ACCEPTED: [string, PolicyKind, object][] = [
  ['the default key policy', 'resource', DEFAULT_KEY_POLICY],
  ['statement as an object', 'identity', { Version: '2012-10-17', Statement: allow }],
  ['no Version (defaults to 2008-10-17)', 'identity', { Statement: [allow] }],
  ['Version 2008-10-17', 'identity', { Version: '2008-10-17', Statement: [allow] }],
  ['key policy with Sid containing spaces', 'resource', { Version: '2012-10-17', Statement: [{ ...keyAllow, Sid: 'Allow use of the key' }] }],
  ['key policy statement without Resource (accepted, ineffective)', 'resource', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:*' }] }],
  ['every principal form', 'resource', { Version: '2012-10-17', Statement: [{ ...allow, Principal: {
    AWS: ['*', ACCT, ROOT, `arn:aws:iam::${ACCT}:user/division/alice`, `arn:aws:iam::${ACCT}:role/service-role/R`,
      `arn:aws:sts::${ACCT}:assumed-role/R/session@example.com`, `arn:aws:sts::${ACCT}:federated-user/dana`],
    Service: ['ec2.amazonaws.com', 'logs.us-east-1.amazonaws.com'],
    Federated: ['accounts.google.com', `arn:aws:iam::${ACCT}:saml-provider/Okta`],
    CanonicalUser: ['79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be'] } }] }],
  ['NotPrincipal with Deny in a key policy', 'resource', { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: [ROOT] }, Action: 'kms:*', Resource: '*' }] }],
  ['trust policy for a service', 'trust', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }],
  ['every operator family', 'identity', { Version: '2012-10-17', Statement: [{ ...allow, Condition: {
    StringEqualsIgnoreCase: { 'aws:username': 'A' }, 'ForAnyValue:StringLike': { 'aws:TagKeys': ['a*'] }, NumericLessThan: { 'x:n': 5 },
    DateGreaterThan: { 'aws:CurrentTime': '2020-01-01' }, DateLessThan: { 'aws:EpochTime': '1700000000' }, Bool: { 'aws:SecureTransport': true },
    BinaryEquals: { 'x:b': 'QQ==' }, NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '::1', '2001:db8::/32', '::ffff:192.0.2.1'] },
    ArnNotLikeIfExists: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' }, Null: { 'aws:TokenIssueTime': 'true' },
    'ForAllValues:StringNotEqualsIfExists': { 'aws:TagKeys': 'x' } } }] }],
  ['variables in string, bool and ARN values', 'identity', { Version: '2012-10-17', Statement: [{ ...allow, Resource: 'arn:aws:s3:::b/${aws:username}/*',
    Condition: { StringLike: { 's3:prefix': '${aws:username}/*' }, Bool: { 'x:f': '${x:g}' }, ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:${aws:username}' } } }] }],
  ['OIDC trust policy with provider condition keys', 'trust', { Version: '2012-10-17', Statement: [{ Effect: 'Allow',
    Principal: { Federated: `arn:aws:iam::${ACCT}:oidc-provider/token.actions.githubusercontent.com` }, Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
      StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:octo-org/octo-repo:*' } } }] }],
  ['SAML trust policy (SAML:aud)', 'trust', { Version: '2012-10-17', Statement: [{ Effect: 'Allow',
    Principal: { Federated: `arn:aws:iam::${ACCT}:saml-provider/ExampleOrgSSOProvider` }, Action: 'sts:AssumeRoleWithSAML',
    Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } }] }],
  ['Version 2008 takes ${…} in a Bool value literally, so it must be true/false: true', 'identity', { Version: '2008-10-17', Statement: [{ ...allow, Condition: { Bool: { 'x:f': 'true' } } }] }],
];

for (const [name, kind, docObj] of ACCEPTED) {
  test(`grammar accepts: ${name}`, () => {
    const parsed = parsePolicy(JSON.stringify(docObj), kind, { keyPolicy: true });
    assert.ok(parsed.statements.length >= 1);
    assert.equal(parsed.kind, kind);
  });
}

test('the parsed document: version default, Id, statements normalised to lists', () => {
  const d = parsePolicy(S({ Id: 'p1', Statement: { Sid: 'S1', Effect: 'Deny', Action: 'kms:Encrypt', Resource: '*',
    Condition: { Bool: { 'aws:SecureTransport': false }, NumericEquals: { 'x:n': [1, '2'] } } } }), 'identity');
  assert.equal(d.version, '2008-10-17');
  assert.equal(d.id, 'p1');
  assert.deepEqual(d.statements[0], {
    sid: 'S1', effect: 'Deny', action: ['kms:Encrypt'], resource: ['*'], conditions: [
      { operator: 'Bool', key: 'aws:SecureTransport', values: ['false'] },
      { operator: 'NumericEquals', key: 'x:n', values: ['1', '2'] }],
  });
});

test('policyPrincipals lists each named principal once, without "*"', () => {
  const d = parsePolicy(S({ Version: '2012-10-17', Statement: [
    { ...allow, Principal: { AWS: [ROOT, `arn:aws:iam::${ACCT}:user/alice`, '*'], Service: 'ec2.amazonaws.com' } },
    { ...allow, Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${ACCT}:user/alice`, Federated: 'accounts.google.com' } },
    { ...allow, Principal: '*' }] }), 'resource');
  assert.deepEqual(policyPrincipals(d), [
    { type: 'AWS', value: ROOT }, { type: 'AWS', value: `arn:aws:iam::${ACCT}:user/alice` },
    { type: 'Service', value: 'ec2.amazonaws.com' }, { type: 'Federated', value: 'accounts.google.com' },
  ]);
});
