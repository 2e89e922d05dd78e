// An AWS client never sees a KeyState or a field AWS does not have: DescribeKey and ListKeys of an archived key, and of
// one in a reactivation window, through @aws-sdk/client-kms and on the wire, carry only AWS KeyMetadata members and an
// AWS KeyState (https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html). Issue 12.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { useExtensionServer } from '../support/keyward.js';
import { newKeyIds } from '../support/lifecycle-helpers.js';
import { signedKmsRequest } from '../support/raw-request.js';

const t = useExtensionServer();

/** KeyMetadata's members in @aws-sdk/client-kms 3.1164.0's model (dist-types/models/models_0.d.ts). */
const AWS_KEY_METADATA = new Set([
  'AWSAccountId', 'KeyId', 'Arn', 'CreationDate', 'Enabled', 'Description', 'KeyUsage', 'KeyState', 'DeletionDate',
  'ValidTo', 'Origin', 'CustomKeyStoreId', 'CloudHsmClusterId', 'ExpirationModel', 'KeyManager', 'CustomerMasterKeySpec',
  'KeySpec', 'EncryptionAlgorithms', 'SigningAlgorithms', 'KeyAgreementAlgorithms', 'EncapsulationAlgorithms',
  'MultiRegion', 'MultiRegionConfiguration', 'PendingDeletionWindowInDays', 'MacAlgorithms', 'XksKeyConfiguration',
  'CurrentKeyMaterialId',
]);
const AWS_KEY_STATES = ['Creating', 'Enabled', 'Disabled', 'PendingDeletion', 'PendingImport', 'PendingReplicaDeletion', 'Unavailable', 'Updating'];

/** DescribeKey as sent on the wire: the top-level members and KeyMetadata's. */
async function wireDescribeKey(keyId: string): Promise<{ top: string[]; md: Record<string, unknown> }> {
  const res = await signedKmsRequest(t.server.url, { ...t.server.credentials, target: 'TrentService.DescribeKey', body: JSON.stringify({ KeyId: keyId }) });
  assert.equal(res.status, 200, res.text);
  const out = JSON.parse(res.text) as { KeyMetadata: Record<string, unknown> };
  return { top: Object.keys(out), md: out.KeyMetadata };
}

async function assertAwsView(keyId: string, state: string, enabled: boolean): Promise<void> {
  const sdk = (await t.kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
  assert.equal(sdk.KeyState, state);
  assert.equal(sdk.Enabled, enabled);
  const { top, md } = await wireDescribeKey(keyId);
  assert.deepEqual(top, ['KeyMetadata']);
  const extra = Object.keys(md).filter((k) => !AWS_KEY_METADATA.has(k));
  assert.deepEqual(extra, [], 'members AWS does not have');
  assert.ok(AWS_KEY_STATES.includes(md.KeyState as string), `KeyState ${String(md.KeyState)}`);
  assert.equal(md.KeyState, state);
}

test('an archived key reads Disabled with AWS members only; in a window Enabled; closed Disabled again', async () => {
  const { keyId } = await newKeyIds(t.kms);
  await assertAwsView(keyId, 'Enabled', true);
  await t.kw.archiveKey({ KeyId: keyId, Reason: 'retired' });
  await assertAwsView(keyId, 'Disabled', false);
  assert.equal((await t.kw.describeKeyLifecycle({ KeyId: keyId })).LifecycleState, 'ARCHIVED', 'the extension API tells it apart');
  await t.kw.reactivateKey({ KeyId: keyId, DurationInSeconds: 600, Reason: 'audit', Mode: 'DECRYPT_ONLY' });
  const inWindow = (await t.kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
  assert.ok(AWS_KEY_STATES.includes(inWindow.KeyState!), inWindow.KeyState);
  await wireDescribeKey(keyId).then(({ md }) => assert.deepEqual(Object.keys(md).filter((k) => !AWS_KEY_METADATA.has(k)), []));
  await t.kw.closeReactivationWindow({ KeyId: keyId });
  await assertAwsView(keyId, 'Disabled', false);
});
