// Token buckets per principal and per key, over AWS's quota table (injected clock): bursts up to a second of the rate,
// refills continuously, overrides by quota name or '*', and AWS's ThrottlingException text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quotaOf } from '../../src/core/access/quotas.js';
import type { KeyRecord } from '../../src/core/model.js';
import type { Principal } from '../../src/core/service.js';
import { THROTTLING_MESSAGE, TokenBucketLimiter } from '../../src/auth/rate-limiter.js';
import { KmsError } from '../../src/protocol/errors.js';

const alice: Principal = { arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', type: 'User', userId: 'AIDA' };
const bob: Principal = { ...alice, arn: 'arn:aws:iam::111122223333:user/bob' };
const key = (keyId: string, keySpec: KeyRecord['keySpec'] = 'SYMMETRIC_DEFAULT') => ({ keyId, keySpec } as KeyRecord);

const throttled = (fn: () => void) => assert.throws(fn, (e: unknown) => e instanceof KmsError && e.code === 'ThrottlingException' && e.clientMessage === THROTTLING_MESSAGE);

test('the quota table: symmetric by Region, asymmetric by family, data-key pairs by spec, management by operation', () => {
  assert.deepEqual(quotaOf('Encrypt', 'us-east-1'), { name: 'Cryptographic operations (symmetric)', rate: 100_000 });
  assert.equal(quotaOf('Decrypt', 'eu-central-1').rate, 20_000);
  assert.equal(quotaOf('GenerateDataKey', 'sa-east-1').rate, 10_000);
  assert.deepEqual(quotaOf('Sign', 'us-east-1', 'RSA_2048'), { name: 'Cryptographic operations (RSA)', rate: 1000 });
  assert.equal(quotaOf('Sign', 'us-east-1', 'ECC_NIST_P256').name, 'Cryptographic operations (ECC)');
  assert.equal(quotaOf('GenerateMac', 'us-east-1', 'HMAC_256').name, 'Cryptographic operations (symmetric)');
  assert.deepEqual(quotaOf('GenerateDataKeyPair', 'us-east-1', 'SYMMETRIC_DEFAULT', 'RSA_4096'), { name: 'GenerateDataKeyPair (RSA_4096)', rate: 1 });
  assert.equal(quotaOf('GenerateDataKeyPair', 'us-east-1', 'SYMMETRIC_DEFAULT', 'ECC_NIST_P384').rate, 100);
  assert.deepEqual(quotaOf('DescribeKey', 'us-east-1'), { name: 'DescribeKey', rate: 2000 });
  assert.deepEqual(quotaOf('CreateKey', 'us-east-1'), { name: 'CreateKey', rate: 5 });
});

test('AWS defaults: a burst of one second of the rate, then one request per 1/rate seconds', () => {
  let now = 0;
  const limiter = new TokenBucketLimiter({ awsDefaults: true }, 'us-east-1', () => now);
  for (let i = 0; i < 5; i++) limiter.take(alice, 'CreateKey');
  throttled(() => limiter.take(alice, 'CreateKey'));
  limiter.take(bob, 'CreateKey'); // another principal has its own bucket
  now += 199;
  throttled(() => limiter.take(alice, 'CreateKey'));
  now += 1; // 200 ms at 5/s is one token
  limiter.take(alice, 'CreateKey');
  throttled(() => limiter.take(alice, 'CreateKey'));
  now += 10_000; // idle time refills only up to the burst
  for (let i = 0; i < 5; i++) limiter.take(alice, 'CreateKey');
  throttled(() => limiter.take(alice, 'CreateKey'));
});

test('overrides per principal and per key; a key bucket is shared by every principal using the key', () => {
  const now = 0;
  const limiter = new TokenBucketLimiter({
    awsDefaults: false, principals: { [alice.arn]: { 'Cryptographic operations (symmetric)': 2 } }, keys: { k1: { '*': 3 } },
  }, 'us-east-1', () => now);
  limiter.take(alice, 'Encrypt', key('k2'));
  limiter.take(alice, 'Decrypt', key('k2'));
  throttled(() => limiter.take(alice, 'Encrypt', key('k2')));
  limiter.take(alice, 'DescribeKey', key('k2')); // another quota, and no default applies
  for (let i = 0; i < 3; i++) limiter.take(bob, 'Encrypt', key('k1'));
  throttled(() => limiter.take(bob, 'Encrypt', key('k1')));
  // '*' gives every quota of k1 that rate, each quota its own bucket.
  for (let i = 0; i < 3; i++) limiter.take(alice, 'DescribeKey', key('k1'));
  throttled(() => limiter.take(alice, 'DescribeKey', key('k1')));
});
