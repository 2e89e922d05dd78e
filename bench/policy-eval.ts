// Micro-benchmark of the policy engine: ns per evaluateKms() for the default key policy and for the realistic policy
// of issue 10 (default statement + an encryption-context condition + a deny statement), each with a fresh request
// context per evaluation (as uncached data-plane requests have). Not part of npm test: `npm run bench:policy`.
import { compilePolicy, evaluateKms, parsePolicy, type KmsEvaluationInput, type RequestPrincipal } from '../src/policy/index.js';

const ACCT = '111122223333';
const KEY = `arn:aws:kms:us-east-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ROOT = `arn:aws:iam::${ACCT}:root`;
const ROLE = `arn:aws:iam::${ACCT}:role/AppRole`;
const principal: RequestPrincipal = {
  arn: `arn:aws:sts::${ACCT}:assumed-role/AppRole/worker-1`, accountId: ACCT, type: 'AssumedRole', roleArn: ROLE,
  userId: 'AROAAPPROLE:worker-1',
};
const key = (o: object) => compilePolicy(parsePolicy(JSON.stringify(o), 'resource', { keyPolicy: true }), 'default');
const identity = compilePolicy(parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: [
  { Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'], Resource: `arn:aws:kms:*:${ACCT}:key/*` }] }), 'identity'));
const rootStatement = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' };

const SCENARIOS: [string, KmsEvaluationInput['keyPolicy']][] = [
  ['default key policy (delegates to the identity policy)', key({ Version: '2012-10-17', Statement: [rootStatement] })],
  ['realistic: default + encryption-context condition + deny', key({ Version: '2012-10-17', Statement: [
    rootStatement,
    { Sid: 'AppUse', Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*',
      Condition: { StringEquals: { 'kms:EncryptionContext:tenant': 'acme' }, 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['tenant', 'purpose'] } } },
    { Sid: 'NoDestroy', Effect: 'Deny', Principal: '*', Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy'], Resource: '*',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }] })],
];

function run(keyPolicy: KmsEvaluationInput['keyPolicy'], iterations: number): number {
  let allowed = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const d = evaluateKms({
      principal, action: 'kms:Encrypt', resource: KEY, keyPolicy, identityPolicies: [identity],
      context: { 'kms:EncryptionContext:tenant': 'acme', 'kms:EncryptionContext:purpose': `p${i & 7}`,
        'kms:EncryptionContextKeys': ['tenant', 'purpose'], 'kms:CallerAccount': ACCT, 'aws:SecureTransport': true },
    });
    if (d.effect === 'Allow') allowed++;
  }
  const ns = Number(process.hrtime.bigint() - start) / iterations;
  if (allowed !== iterations) throw new Error('the benchmark request must be allowed');
  return ns;
}

const iterations = Number(process.argv[2] ?? 300_000);
for (const [name, policy] of SCENARIOS) {
  run(policy, 20_000); // warm-up: JIT and the per-action buckets
  const samples = [run(policy, iterations), run(policy, iterations), run(policy, iterations)].sort((a, b) => a - b);
  console.log(`${name}: ${samples[1]!.toFixed(0)} ns/evaluation (median of 3 × ${iterations})`);
}
