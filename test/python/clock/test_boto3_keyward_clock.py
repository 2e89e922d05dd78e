"""Issue 12's test-clock scenarios through boto3 and the shipped botocore model (models/keyward, AWS_DATA_PATH), on a
server of their own: they move its clock by days, which the rest of test/python (comparing server times with the real
clock) must not see. test/e2e/python-clients.test.ts starts that server and runs this directory separately.

The `keyward` client and the `advance(seconds)` clock fixture come from test/python/conftest.py."""
import json

import pytest
from botocore.exceptions import ClientError

DAY = 86400


def error(e):
    return e.value.response['Error']['Code'], e.value.response['Error']['Message']


def encrypt(kms, key_id):
    return kms.encrypt(KeyId=key_id, Plaintext=b'secret')['CiphertextBlob']


def decrypts(kms, blob):
    return kms.decrypt(CiphertextBlob=blob)['Plaintext'] == b'secret'


def states(keyward, key_id):
    return [f"{v['KeyVersion']}:{v['KeyVersionState']}{'*' if v['Current'] else ''}"
            for v in keyward.list_key_versions(KeyId=key_id)['Versions']]


def events(keyward, key_id):
    return [f"{e['EventType']}@{e.get('KeyVersion', '-')}" for e in keyward.list_lifecycle_events(KeyId=key_id)['Events']]


def rotated_key(kms, rotations=2):
    key_id = kms.create_key()['KeyMetadata']['KeyId']
    blobs = [encrypt(kms, key_id)]
    for _ in range(rotations):
        kms.rotate_key_on_demand(KeyId=key_id)
        blobs.append(encrypt(kms, key_id))
    return key_id, blobs


def test_archive_then_two_hour_decrypt_only_window_closes_itself(kms, keyward, advance):
    md = kms.create_key()['KeyMetadata']
    key_id, arn = md['KeyId'], md['Arn']
    blob = encrypt(kms, key_id)
    assert keyward.archive_key(KeyId=key_id, Reason='project ended')['KeyState'] == 'Disabled'
    with pytest.raises(kms.exceptions.DisabledException):
        kms.decrypt(CiphertextBlob=blob)
    window = keyward.reactivate_key(KeyId=key_id, DurationInSeconds=7200, Reason='audit request', Mode='DECRYPT_ONLY')
    assert window['Mode'] == 'DECRYPT_ONLY'
    assert decrypts(kms, blob)
    with pytest.raises(ClientError) as e:
        encrypt(kms, key_id)
    code, message = error(e)
    assert code == 'KMSInvalidStateException'
    assert message.startswith(f'{arn} is archived and reactivated for decryption only until ') and message.endswith(': Encrypt is refused.')
    # Both AWS views agree: the key is Enabled for the window, and the window is in DescribeKeyLifecycle.
    assert kms.describe_key(KeyId=key_id)['KeyMetadata']['KeyState'] == 'Enabled'

    advance(7199)
    assert decrypts(kms, blob), 'the window is still open at 2h-1s'
    advance(2)
    with pytest.raises(kms.exceptions.DisabledException):
        kms.decrypt(CiphertextBlob=blob)
    assert kms.describe_key(KeyId=key_id)['KeyMetadata']['KeyState'] == 'Disabled'
    seen = events(keyward, key_id)
    assert {'KeyArchived@-', 'ReactivationWindowOpened@-', 'ReactivationWindowClosed@-'} <= set(seen), seen

    # The audit log holds the opening (the caller's ReactivateKey) and the closing (the scheduler's own action).
    audit = keyward.lookup_events(LookupAttributes=[{'AttributeKey': 'ResourceName', 'AttributeValue': arn}])['Events']
    names = {e['EventName']: json.loads(e['CloudTrailEvent']) for e in reversed(audit)}
    assert names['ReactivateKey']['eventType'] == 'AwsApiCall'
    assert names['CloseReactivationWindow']['eventType'] == 'AwsServiceEvent'


def test_cryptoperiod_90_180_days_with_rotation(kms, keyward, advance):
    md = kms.create_key()['KeyMetadata']
    key_id, arn = md['KeyId'], md['Arn']
    kms.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=365)
    period = keyward.set_key_cryptoperiod(KeyId=key_id, OriginatorUsageDays=90, RecipientUsageDays=180)['Cryptoperiod']
    assert (period['OriginatorUsageDays'], period['RecipientUsageDays']) == (90, 180)
    blob1 = encrypt(kms, key_id)
    v1 = keyward.describe_key_version(KeyId=key_id, KeyVersion=1)['KeyVersion']
    assert (v1['OriginatorUsageEndDate'] - v1['CreationDate']).total_seconds() == 90 * DAY
    assert (v1['RecipientUsageEndDate'] - v1['CreationDate']).total_seconds() == 180 * DAY

    advance(89 * DAY)
    assert states(keyward, key_id) == ['1:ENABLED*']
    assert 'CryptoperiodTransitionDue@1' in events(keyward, key_id)

    advance(DAY + 1)  # day 90 + 1 s: version 1 only decrypts, and the key rotated
    assert states(keyward, key_id) == ['1:DECRYPT_ONLY', '2:ENABLED*']
    assert 'OriginatorUsagePeriodEnded@1' in events(keyward, key_id)
    blob2 = encrypt(kms, key_id)
    assert decrypts(kms, blob1) and decrypts(kms, blob2)
    assert [r['RotationType'] for r in kms.list_key_rotations(KeyId=key_id)['Rotations']] == ['AUTOMATIC']

    advance(89 * DAY - 1)  # day 179: version 1 still decrypts
    assert decrypts(kms, blob1)

    advance(DAY + 1)  # day 180 + 1 s: version 1 is archived, its ciphertexts no longer decrypt
    assert states(keyward, key_id) == ['1:ARCHIVED', '2:DECRYPT_ONLY', '3:ENABLED*']
    with pytest.raises(ClientError) as e:
        kms.decrypt(CiphertextBlob=blob1)
    code, message = error(e)
    assert code == 'KMSInvalidStateException'
    assert message.startswith(f'Key version 1 of {arn} is archived: its recipient-usage period ended on ')
    assert decrypts(kms, blob2)
    seen = events(keyward, key_id)
    assert seen.count('OriginatorUsagePeriodEnded@1') == 1 and 'RecipientUsagePeriodEnded@1' in seen
    # The AWS view never shows a version state: the key is simply Enabled.
    assert kms.describe_key(KeyId=key_id)['KeyMetadata']['KeyState'] == 'Enabled'


def test_destroying_version_one_fails_only_its_ciphertexts(kms, keyward, advance):
    key_id, blobs = rotated_key(kms)
    scheduled = keyward.schedule_key_version_destruction(KeyId=key_id, KeyVersion=1, PendingWindowInDays=7)
    assert scheduled['KeyVersionState'] == 'PENDING_DESTRUCTION'
    advance(7 * DAY - 60)
    assert keyward.describe_key_version(KeyId=key_id, KeyVersion=1)['KeyVersion']['KeyVersionState'] == 'PENDING_DESTRUCTION'
    advance(61)
    assert keyward.describe_key_version(KeyId=key_id, KeyVersion=1)['KeyVersion']['KeyVersionState'] == 'DESTROYED'
    with pytest.raises(ClientError) as e:
        kms.decrypt(CiphertextBlob=blobs[0])
    assert error(e)[0] == 'KMSInvalidStateException' and 'version 1' in error(e)[1]
    assert all(decrypts(kms, b) for b in blobs[1:])
    with pytest.raises(keyward.exceptions.KMSInvalidStateException):
        keyward.cancel_key_version_destruction(KeyId=key_id, KeyVersion=1)


def test_minimum_decryption_version_is_reversible(kms, keyward):
    key_id, blobs = rotated_key(kms)
    assert keyward.set_minimum_decryption_version(KeyId=key_id, MinimumDecryptionVersion=3)['MinimumDecryptionVersion'] == 3
    for version, blob in enumerate(blobs[:2], start=1):
        with pytest.raises(ClientError) as e:
            kms.decrypt(CiphertextBlob=blob)
        assert error(e)[0] == 'KMSInvalidStateException' and f'version {version}' in error(e)[1]
    assert decrypts(kms, blobs[2])
    keyward.set_minimum_decryption_version(KeyId=key_id, MinimumDecryptionVersion=1)
    assert all(decrypts(kms, b) for b in blobs)
