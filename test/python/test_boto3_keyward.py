"""boto3 and the aws CLI drive Keyward's extension API through the shipped botocore model (models/keyward, loaded with
AWS_DATA_PATH): `boto3.client("keyward", endpoint_url=...)` and `aws keyward ...` (docs/extension-api.md)."""
import json
import subprocess

import boto3
import pytest
from botocore.exceptions import ClientError

def rotated_key(kms):
    key_id = kms.create_key()['KeyMetadata']['KeyId']
    blobs = [kms.encrypt(KeyId=key_id, Plaintext=b'secret')['CiphertextBlob']]
    kms.rotate_key_on_demand(KeyId=key_id)
    blobs.append(kms.encrypt(KeyId=key_id, Plaintext=b'secret')['CiphertextBlob'])
    return key_id, blobs


def test_versions_and_disable_version(kms, keyward):
    key_id, blobs = rotated_key(kms)
    versions = keyward.list_key_versions(KeyId=key_id)['Versions']
    assert [v['KeyVersion'] for v in versions] == [1, 2]
    assert [v['Current'] for v in versions] == [False, True]
    assert keyward.describe_key_version(KeyId=key_id, KeyVersion=1)['KeyVersion']['KeyVersionState'] == 'ENABLED'
    assert keyward.disable_key_version(KeyId=key_id, KeyVersion=1)['KeyVersionState'] == 'DISABLED'
    with pytest.raises(ClientError) as e:
        kms.decrypt(CiphertextBlob=blobs[0])
    assert e.value.response['Error']['Code'] == 'KMSInvalidStateException'
    assert 'version 1' in e.value.response['Error']['Message']
    assert kms.decrypt(CiphertextBlob=blobs[1])['Plaintext'] == b'secret'
    with pytest.raises(keyward.exceptions.KMSInvalidStateException):
        keyward.disable_key_version(KeyId=key_id, KeyVersion=2)


def test_archive_and_reactivation_window(kms, keyward):
    key_id = kms.create_key()['KeyMetadata']['KeyId']
    blob = kms.encrypt(KeyId=key_id, Plaintext=b'secret')['CiphertextBlob']
    assert keyward.archive_key(KeyId=key_id, Reason='retired')['KeyState'] == 'Disabled'
    assert kms.describe_key(KeyId=key_id)['KeyMetadata']['KeyState'] == 'Disabled'
    window = keyward.reactivate_key(KeyId=key_id, DurationInSeconds=3600, Reason='audit', Mode='DECRYPT_ONLY')
    assert window['Mode'] == 'DECRYPT_ONLY'
    assert kms.decrypt(CiphertextBlob=blob)['Plaintext'] == b'secret'
    with pytest.raises(ClientError):
        kms.encrypt(KeyId=key_id, Plaintext=b'new')
    keyward.close_reactivation_window(KeyId=key_id)
    with pytest.raises(kms.exceptions.DisabledException):
        kms.decrypt(CiphertextBlob=blob)
    types = [e['EventType'] for e in keyward.list_lifecycle_events(KeyId=key_id)['Events']]
    assert {'KeyArchived', 'ReactivationWindowOpened', 'ReactivationWindowClosed'} <= set(types)


def test_aws_cli_keyward(kms, endpoint, cli_env, models_path):
    key_id, _ = rotated_key(kms)
    cmd = ['aws', '--endpoint-url', endpoint, '--region', 'us-east-1', '--output', 'json', 'keyward']
    env = {**cli_env, 'AWS_DATA_PATH': models_path}
    proc = subprocess.run([*cmd, 'list-key-versions', '--key-id', key_id], capture_output=True, text=True, timeout=30, env=env)
    assert proc.returncode == 0, proc.stderr
    assert [v['KeyVersion'] for v in json.loads(proc.stdout)['Versions']] == [1, 2]
    proc = subprocess.run([*cmd, 'set-minimum-decryption-version', '--key-id', key_id, '--minimum-decryption-version', '2'],
                          capture_output=True, text=True, timeout=30, env=env)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)['MinimumDecryptionVersion'] == 2
    proc = subprocess.run([*cmd, 'disable-key-version', '--key-id', key_id, '--key-version', '2'],
                          capture_output=True, text=True, timeout=30, env=env)
    assert proc.returncode != 0
    assert 'KMSInvalidStateException' in proc.stderr
