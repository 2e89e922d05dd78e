"""The seed document's KeyLifecycleManager, unchanged, against Keyward, asserted as AWS KMS behaves.

It drives EnableKey, DisableKey, ScheduleKeyDeletion, CancelKeyDeletion, TagResource, ListResourceTags,
CreateAlias, ListAliases, DeleteAlias and GetKeyRotationStatus. The pure-Python argument checks of the seed need no server operations and are asserted normally.
"""
import datetime
import uuid

import pytest
from botocore.exceptions import ClientError

import seed_code



@pytest.fixture
def manager(seed_env):
    return seed_code.KeyLifecycleManager()  # region defaults to 'us-east-1', endpoint from AWS_ENDPOINT_URL_KMS


@pytest.fixture
def fresh_key(kms):
    return kms.create_key(Description='seed lifecycle')['KeyMetadata']


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


def client_error(excinfo):
    err = excinfo.value.response['Error']
    return err['Code'], err.get('Message')


# --- needs no lifecycle operation -----------------------------------------------------------------------------


def test_manager_client_uses_keyward(manager, endpoint):
    assert manager.kms.meta.endpoint_url == endpoint
    assert manager.kms.meta.region_name == 'us-east-1'


@pytest.mark.parametrize('days', [6, 31])
def test_schedule_key_deletion_rejects_window_outside_7_to_30_days(manager, fresh_key, days):
    with pytest.raises(ValueError, match='Waiting period must be between 7 and 30 days'):
        manager.schedule_key_deletion(fresh_key['KeyId'], waiting_days=days)


# --- needs the lifecycle operations --------------------------------------------------------------------------


def test_get_key_metadata(manager, fresh_key):
    md = manager.get_key_metadata(fresh_key['KeyId'])
    assert md['KeyId'] == fresh_key['KeyId'] and md['Arn'] == fresh_key['Arn']
    assert md['KeyState'] == 'Enabled'
    # GetKeyRotationStatus exists on AWS: a new key reports False. The seed's bare `except:` turns any
    # failure, e.g. an unimplemented operation, into None.
    assert md['RotationEnabled'] is False


def test_archive_key_disables_tags_and_removes_aliases(manager, kms, fresh_key):
    alias = f'alias/seed-archive-{uuid.uuid4().hex[:12]}'
    kms.create_alias(AliasName=alias, TargetKeyId=fresh_key['KeyId'])
    old = kms.encrypt(KeyId=fresh_key['KeyId'], Plaintext=b'legacy')['CiphertextBlob']

    result = manager.archive_key(fresh_key['KeyId'], 'Rotation: replaced by key-v2')
    assert result == {'key_id': fresh_key['KeyId'], 'state': 'archived',
                      'note': 'Key disabled, aliases removed. Re-enable temporarily for legacy decryption.'}

    md = kms.describe_key(KeyId=fresh_key['KeyId'])['KeyMetadata']
    assert md['KeyState'] == 'Disabled' and md['Enabled'] is False
    tags = {t['TagKey']: t['TagValue'] for t in kms.list_resource_tags(KeyId=fresh_key['KeyId'])['Tags']}
    assert tags['KeyState'] == 'archived'
    assert tags['ArchiveReason'] == 'Rotation: replaced by key-v2'
    assert datetime.datetime.fromisoformat(tags['ArchiveDate'])
    assert kms.list_aliases(KeyId=fresh_key['KeyId'])['Aliases'] == []
    assert alias not in {a['AliasName'] for a in kms.list_aliases()['Aliases']}

    # Disabled: no new encryption (and no decryption) until reactivated.
    with pytest.raises(ClientError) as e:
        kms.encrypt(KeyId=fresh_key['KeyId'], Plaintext=b'new')
    assert client_error(e) == ('DisabledException', f"{fresh_key['Arn']} is disabled.")
    with pytest.raises(ClientError) as e:
        kms.decrypt(CiphertextBlob=old)
    assert client_error(e) == ('DisabledException', f"{fresh_key['Arn']} is disabled.")


def test_temporary_reactivate_for_decryption(manager, kms, fresh_key):
    old = kms.encrypt(KeyId=fresh_key['KeyId'], Plaintext=b'legacy')['CiphertextBlob']
    manager.archive_key(fresh_key['KeyId'], 'superseded')

    before = datetime.datetime.utcnow()
    result = manager.temporary_reactivate_for_decryption(fresh_key['KeyId'], duration_minutes=15)
    assert result['key_id'] == fresh_key['KeyId']
    assert before + datetime.timedelta(minutes=15) <= result['reactivated_until'] \
        <= datetime.datetime.utcnow() + datetime.timedelta(minutes=15)
    assert 'Remember to manually disable' in result['warning']

    md = kms.describe_key(KeyId=fresh_key['KeyId'])['KeyMetadata']
    assert md['KeyState'] == 'Enabled' and md['Enabled'] is True
    assert kms.decrypt(CiphertextBlob=old)['Plaintext'] == b'legacy'


def test_schedule_key_deletion(manager, kms, fresh_key):
    before = utcnow()
    result = manager.schedule_key_deletion(fresh_key['KeyId'], waiting_days=7)
    # AWS returns the key ARN in ScheduleKeyDeletion's KeyId.
    assert result['key_id'] == fresh_key['Arn']
    assert result['state'] == 'pending_deletion'
    deletion = result['deletion_date']
    assert before + datetime.timedelta(days=7) - datetime.timedelta(hours=1) <= deletion \
        <= utcnow() + datetime.timedelta(days=8)

    md = kms.describe_key(KeyId=fresh_key['KeyId'])['KeyMetadata']
    assert md['KeyState'] == 'PendingDeletion' and md['Enabled'] is False
    assert md['DeletionDate'] == deletion
    # (KeyMetadata.PendingDeletionWindowInDays is only for PendingReplicaDeletion multi-Region primaries.)
    with pytest.raises(ClientError) as e:
        kms.encrypt(KeyId=fresh_key['KeyId'], Plaintext=b'x')
    assert client_error(e) == ('KMSInvalidStateException', f"{fresh_key['Arn']} is pending deletion.")
    with pytest.raises(ClientError) as e:  # item 31: scheduling twice
        kms.schedule_key_deletion(KeyId=fresh_key['KeyId'], PendingWindowInDays=7)
    assert client_error(e)[0] == 'KMSInvalidStateException'


def test_schedule_key_deletion_refuses_a_key_with_aliases(manager, kms, fresh_key):
    alias = f'alias/seed-keep-{uuid.uuid4().hex[:12]}'
    kms.create_alias(AliasName=alias, TargetKeyId=fresh_key['KeyId'])
    with pytest.raises(ValueError, match='Key still has active aliases'):
        manager.schedule_key_deletion(fresh_key['KeyId'], waiting_days=30)
    assert kms.describe_key(KeyId=fresh_key['KeyId'])['KeyMetadata']['KeyState'] == 'Enabled'


def test_cancel_key_deletion_then_reenable(manager, kms, fresh_key):
    manager.schedule_key_deletion(fresh_key['KeyId'], waiting_days=30)
    result = manager.cancel_key_deletion(fresh_key['KeyId'])
    # AWS returns the key ARN in CancelKeyDeletion's KeyId; the seed then calls EnableKey, because
    # CancelKeyDeletion alone leaves the key Disabled (item 29).
    assert result == {'key_id': fresh_key['Arn'], 'state': 'active'}
    md = kms.describe_key(KeyId=fresh_key['KeyId'])['KeyMetadata']
    assert md['KeyState'] == 'Enabled' and md['Enabled'] is True
    assert 'DeletionDate' not in md
    blob = kms.encrypt(KeyId=fresh_key['KeyId'], Plaintext=b'back')['CiphertextBlob']
    assert kms.decrypt(CiphertextBlob=blob)['Plaintext'] == b'back'


def test_cancel_key_deletion_alone_leaves_the_key_disabled(kms, fresh_key):
    scheduled = kms.schedule_key_deletion(KeyId=fresh_key['KeyId'], PendingWindowInDays=7)
    assert scheduled['KeyId'] == fresh_key['Arn']
    assert scheduled['KeyState'] == 'PendingDeletion' and scheduled['PendingWindowInDays'] == 7
    assert kms.cancel_key_deletion(KeyId=fresh_key['KeyId'])['KeyId'] == fresh_key['Arn']
    md = kms.describe_key(KeyId=fresh_key['KeyId'])['KeyMetadata']
    assert md['KeyState'] == 'Disabled' and md['Enabled'] is False


def test_seed_usage_example_with_an_alias(seed_env, kms, fresh_key):
    """The seed's own usage block addresses the KEK by alias name ("alias/my-master-key")."""
    alias = f'alias/my-master-key-{uuid.uuid4().hex[:12]}'
    kms.create_alias(AliasName=alias, TargetKeyId=fresh_key['KeyId'])
    env_encrypt = seed_code.EnvelopeEncryption(alias)
    secret_data = b"Customer SSN: 123-45-6789"
    envelope = env_encrypt.encrypt_data(secret_data)
    recovered = env_encrypt.decrypt_data(envelope)
    assert recovered == secret_data
