// Property tests (fast-check): for random policies and requests, adding a Deny never widens access, removing an Allow
// never widens access, evaluation is deterministic, and it never throws on a parsed policy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { evaluateKms, parsePolicy, type GrantInput, type KmsEvaluationInput } from '../../../src/policy/index.js';
import { ACCT, EXT, KEY, KEY2, P, ROOT, encryptionContextKeys } from './fixtures.js';

const ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:PutKeyPolicy', 'kms:CreateGrant', 'kms:DescribeKey', 'kms:ListKeys'];
const ACTION_PATTERNS = [...ACTIONS, 'kms:*', 'kms:Gen*', 'kms:*Key*', '*', 'kms:?ecrypt', 's3:GetObject'];
const RESOURCES = ['*', KEY, KEY2, `arn:aws:kms:*:${ACCT}:key/*`, `arn:aws:kms:us-east-1:${EXT}:key/*`];
const AWS_PRINCIPALS = ['*', ROOT, ACCT, EXT, P.alice.arn, P.bob.arn, P.app.roleArn!, P.app.arn, P.carol.arn, P.fed.sourceUserArn!];
const CONDITIONS: object[] = [
  { StringEquals: { 'kms:EncryptionContext:app': 'billing' } },
  { StringNotEquals: { 'kms:EncryptionContext:app': 'billing' } },
  { StringLike: { 'kms:EncryptionContext:app': 'bill*' } },
  { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['app', 'tenant'] } },
  { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['tenant'] } },
  { 'ForAnyValue:StringNotLike': { 'kms:EncryptionContextKeys': ['a*'] } },
  { Null: { 'kms:EncryptionContextKeys': 'false' } },
  { Bool: { 'aws:SecureTransport': 'true' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { NotIpAddressIfExists: { 'aws:SourceIp': '10.0.0.0/8' } },
  { NumericLessThan: { 'x:n': '5' } },
  { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } },
  { StringEquals: { 'aws:PrincipalTag/team': '${aws:username}' } },
  { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCT}:*` } },
  { StringEqualsIfExists: { 'kms:CallerAccount': ACCT } },
];

const oneOrMore = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.array(arb, { minLength: 1, maxLength: 3 }));
const effect = fc.constantFrom('Allow', 'Deny');
const actionPart = fc.oneof(
  fc.record({ Action: oneOrMore(fc.constantFrom(...ACTION_PATTERNS)) }),
  fc.record({ NotAction: oneOrMore(fc.constantFrom(...ACTION_PATTERNS)) }));
const resourcePart = fc.oneof(
  fc.record({ Resource: oneOrMore(fc.constantFrom(...RESOURCES)) }),
  fc.record({ NotResource: oneOrMore(fc.constantFrom(...RESOURCES.slice(1))) }));
const condition = fc.option(fc.constantFrom(...CONDITIONS), { nil: undefined });
const principalPart = fc.oneof(
  fc.constant({ Principal: '*' }),
  fc.record({ Principal: fc.record({ AWS: oneOrMore(fc.constantFrom(...AWS_PRINCIPALS)) }) }),
  fc.constant({ Principal: { Service: 'ec2.amazonaws.com' } }),
  fc.record({ NotPrincipal: fc.record({ AWS: oneOrMore(fc.constantFrom(...AWS_PRINCIPALS.slice(1))) }) }));

type Stmt = Record<string, unknown>;
const clean = (s: Stmt): Stmt => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined));
const identityStmt: fc.Arbitrary<Stmt> = fc.tuple(effect, actionPart, resourcePart, condition)
  .map(([Effect, a, r, Condition]) => clean({ Effect, ...a, ...r, Condition }));
const keyStmt: fc.Arbitrary<Stmt> = fc.tuple(effect, principalPart, actionPart, condition)
  .map(([Effect, p, a, Condition]) => clean({ Effect, ...p, ...a, Resource: '*', Condition }));
const stmts = (arb: fc.Arbitrary<Stmt>, max: number) => fc.array(arb, { minLength: 1, maxLength: max });

interface World {
  key: Stmt[] | undefined;
  identity: Stmt[][];
  session: Stmt[] | undefined;
  boundary: Stmt[] | undefined;
  grants: GrantInput[];
}
const grant: fc.Arbitrary<GrantInput> = fc.record({
  grantId: fc.constant('g'),
  granteePrincipal: fc.constantFrom(P.alice.arn, P.app.roleArn!, ROOT, `arn:aws:iam::${EXT}:root`, P.carol.arn),
  operations: fc.subarray(['Encrypt', 'Decrypt', 'CreateGrant', 'DescribeKey'], { minLength: 1 }),
  constraints: fc.option(fc.oneof(
    fc.constant({ encryptionContextEquals: { app: 'billing' } }), fc.constant({ encryptionContextSubset: { app: 'billing' } })), { nil: undefined }),
}).map((g) => (g.constraints ? g : { grantId: g.grantId, granteePrincipal: g.granteePrincipal, operations: g.operations }));
const world: fc.Arbitrary<World> = fc.record({
  key: fc.option(stmts(keyStmt, 4), { nil: undefined }),
  identity: fc.array(stmts(identityStmt, 3), { maxLength: 2 }),
  session: fc.option(stmts(identityStmt, 3), { nil: undefined }),
  boundary: fc.option(stmts(identityStmt, 2), { nil: undefined }),
  grants: fc.array(grant, { maxLength: 2 }),
});

interface Request { principal: keyof typeof P; action: string; resource: string; ec: Record<string, string>; ip?: string; tls: boolean; n?: number }
const request: fc.Arbitrary<Request> = fc.record({
  principal: fc.constantFrom('alice', 'bob', 'root', 'app', 'carol', 'extRoot', 'fed', 'ec2'),
  action: fc.constantFrom(...ACTIONS),
  resource: fc.constantFrom(KEY, KEY2, '*'),
  ec: fc.dictionary(fc.constantFrom('app', 'tenant', 'Other'), fc.constantFrom('billing', 'acme', 'x'), { maxKeys: 3 }),
  ip: fc.option(fc.constantFrom('10.1.2.3', '192.0.2.1', '2001:db8::1'), { nil: undefined }),
  tls: fc.boolean(),
  n: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
}, { requiredKeys: ['principal', 'action', 'resource', 'ec', 'tls'] });

const parse = (s: Stmt[], kind: 'identity' | 'resource' | 'session') =>
  parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: s }), kind, { keyPolicy: true });

function input(w: World, r: Request): KmsEvaluationInput {
  return {
    principal: P[r.principal], action: r.action, resource: r.resource,
    context: { ...encryptionContextKeys(r.ec), 'aws:SecureTransport': r.tls, 'aws:CurrentTime': new Date('2026-01-01T00:00:00Z'),
      ...(r.ip ? { 'aws:SourceIp': r.ip } : {}), ...(r.n !== undefined ? { 'x:n': r.n } : {}) },
    ...(w.key ? { keyPolicy: parse(w.key, 'resource') } : {}),
    identityPolicies: w.identity.map((s) => parse(s, 'identity')),
    ...(w.session ? { sessionPolicies: [parse(w.session, 'session')] } : {}),
    ...(w.boundary ? { permissionsBoundary: parse(w.boundary, 'identity') } : {}),
    grants: w.grants, encryptionContext: r.ec,
  };
}
const allowed = (w: World, r: Request) => evaluateKms(input(w, r)).effect === 'Allow';

/** Every way to add one statement to one policy of the world. */
function withStatement(w: World, where: number, s: Stmt, keyS: Stmt): World {
  switch (where % 4) {
    case 0: return { ...w, key: [...(w.key ?? []), keyS] };
    case 1: return { ...w, identity: w.identity.length ? [[...w.identity[0]!, s], ...w.identity.slice(1)] : [[s]] };
    case 2: return w.session ? { ...w, session: [...w.session, s] } : w;
    default: return w.boundary ? { ...w, boundary: [...w.boundary, s] } : w;
  }
}

/** Removes the i-th Allow statement counted over the world (never emptying a session policy or a boundary). */
function withoutAllow(w: World, i: number): World | undefined {
  const lists: [Stmt[], (l: Stmt[]) => World, boolean][] = [
    ...(w.key ? [[w.key, (l: Stmt[]) => ({ ...w, key: l.length ? l : undefined }), true] as [Stmt[], (l: Stmt[]) => World, boolean]] : []),
    ...w.identity.map((p, k): [Stmt[], (l: Stmt[]) => World, boolean] => [p, (l) => ({ ...w, identity: w.identity.flatMap((q, j) => (j === k ? (l.length ? [l] : []) : [q])) }), true]),
    ...(w.session ? [[w.session, (l: Stmt[]) => ({ ...w, session: l }), false] as [Stmt[], (l: Stmt[]) => World, boolean]] : []),
    ...(w.boundary ? [[w.boundary, (l: Stmt[]) => ({ ...w, boundary: l }), false] as [Stmt[], (l: Stmt[]) => World, boolean]] : []),
  ];
  const slots = lists.flatMap(([l, rebuild, mayEmpty]) => l.map((s, j) => ({ s, j, l, rebuild, mayEmpty })))
    .filter((x) => x.s.Effect === 'Allow' && (x.mayEmpty || x.l.length > 1));
  if (slots.length === 0) return undefined;
  const slot = slots[i % slots.length]!;
  return slot.rebuild(slot.l.filter((_, j) => j !== slot.j));
}

const denyOf = (s: Stmt): Stmt => ({ ...s, Effect: 'Deny' });
const RUNS = { numRuns: 3000 };

test('adding a Deny statement never widens access', () => {
  fc.assert(fc.property(world, request, fc.nat(), identityStmt, keyStmt, (w, r, where, s, k) => {
    const after = withStatement(w, where, denyOf(s), denyOf(k));
    if (allowed(after, r)) assert.ok(allowed(w, r), 'a Deny turned a denial into Allow');
  }), RUNS);
});

test('removing an Allow statement never widens access', () => {
  fc.assert(fc.property(world, request, fc.nat(), (w, r, i) => {
    const after = withoutAllow(w, i);
    if (after && allowed(after, r)) assert.ok(allowed(w, r), 'removing an Allow turned a denial into Allow');
  }), RUNS);
});

test('removing a grant never widens access', () => {
  fc.assert(fc.property(world, request, (w, r) => {
    if (w.grants.length === 0) return;
    if (allowed({ ...w, grants: w.grants.slice(1) }, r)) assert.ok(allowed(w, r));
  }), RUNS);
});

test('evaluation is deterministic and never throws on parsed policies', () => {
  fc.assert(fc.property(world, request, (w, r) => {
    const i = input(w, r);
    const a = evaluateKms(i);
    const b = evaluateKms(i);
    const c = evaluateKms(input(w, r));
    assert.deepEqual([a.effect, a.basis], [b.effect, b.basis]);
    assert.deepEqual([a.effect, a.basis], [c.effect, c.basis]);
    assert.equal(typeof a.message(P[r.principal].arn, r.action, r.resource), 'string');
  }), RUNS);
});

test('the generators reach every effect (the properties are not vacuous)', () => {
  const seen = new Set<string>();
  fc.assert(fc.property(world, request, (w, r) => { seen.add(evaluateKms(input(w, r)).effect); }), { numRuns: 2000 });
  assert.deepEqual([...seen].sort(), ['Allow', 'ExplicitDeny', 'ImplicitDeny']);
});
