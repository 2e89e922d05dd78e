"""boto3 against Keyward: AWS-managed keys (alias/aws/<service>), created on first use as AWS and LocalStack do
(checklist item 24 in /work/shared/reference/clients-and-wire.md; aws-kms-api.md DescribeKey, §4.7, §4.8).
"""
import pytest
from botocore.exceptions import ClientError

ARN_PREFIX = 'arn:aws:kms:us-east-1:111122223333:'


def error_of(excinfo):
    err = excinfo.value.response['Error']
    return err.get('Code'), err.get('Message')


def test_first_use_creates_the_aws_managed_key_and_later_uses_reuse_it(kms):
    first = kms.encrypt(KeyId='alias/aws/dynamodb', Plaintext=b'item')
    again = kms.encrypt(KeyId=ARN_PREFIX + 'alias/aws/dynamodb', Plaintext=b'item 2')
    assert first['KeyId'] == again['KeyId']
    assert kms.decrypt(CiphertextBlob=first['CiphertextBlob'])['Plaintext'] == b'item'
    md = kms.describe_key(KeyId='alias/aws/dynamodb')['KeyMetadata']
    assert md['Arn'] == first['KeyId']
    assert md['KeyManager'] == 'AWS'
    assert md['Description'] == 'Default key that protects my DynamoDB data when no other key is defined'
    assert md['KeySpec'] == 'SYMMETRIC_DEFAULT' and md['KeyUsage'] == 'ENCRYPT_DECRYPT'
    assert md['KeyState'] == 'Enabled' and md['Enabled'] is True
    rotation = kms.get_key_rotation_status(KeyId=md['KeyId'])
    assert rotation['KeyRotationEnabled'] is True
    assert rotation['RotationPeriodInDays'] == 365
    aliases = kms.list_aliases(KeyId=md['KeyId'])['Aliases']
    assert [a['AliasName'] for a in aliases] == ['alias/aws/dynamodb']
    assert aliases[0]['TargetKeyId'] == md['KeyId']


def test_customer_keys_say_customer(kms):
    md = kms.create_key(Description='boto3 aws-managed neighbour')['KeyMetadata']
    assert md['KeyManager'] == 'CUSTOMER'


def test_unknown_aws_alias_is_not_found(kms):
    with pytest.raises(ClientError) as e:
        kms.describe_key(KeyId='alias/aws/foo')
    assert error_of(e) == ('NotFoundException', f'Alias {ARN_PREFIX}alias/aws/foo is not found.')
    names = [a['AliasName'] for p in kms.get_paginator('list_aliases').paginate() for a in p['Aliases']]
    assert 'alias/aws/foo' not in names


@pytest.mark.parametrize('call', [
    lambda kms, k: kms.disable_key(KeyId=k),
    lambda kms, k: kms.schedule_key_deletion(KeyId=k, PendingWindowInDays=7),
    lambda kms, k: kms.put_key_policy(KeyId=k, PolicyName='default', Policy='{"Version":"2012-10-17","Statement":[]}'),
    lambda kms, k: kms.disable_key_rotation(KeyId=k),
    lambda kms, k: kms.tag_resource(KeyId=k, Tags=[{'TagKey': 'a', 'TagValue': 'b'}]),
    lambda kms, k: kms.update_key_description(KeyId=k, Description='mine'),
    lambda kms, k: kms.create_alias(AliasName='alias/boto3-on-aws-key', TargetKeyId=k),
], ids=['DisableKey', 'ScheduleKeyDeletion', 'PutKeyPolicy', 'DisableKeyRotation', 'TagResource',
        'UpdateKeyDescription', 'CreateAlias'])
def test_the_customer_cannot_manage_it(kms, call):
    key_id = kms.describe_key(KeyId='alias/aws/xray')['KeyMetadata']['KeyId']
    with pytest.raises(ClientError) as e:
        call(kms, key_id)
    code, message = error_of(e)
    assert code == 'AccessDeniedException'
    assert 'because no resource-based policy allows the kms:' in message
    md = kms.describe_key(KeyId=key_id)['KeyMetadata']
    assert md['KeyState'] == 'Enabled'
    assert md['Description'] == 'Default key that protects my X-Ray data when no other key is defined'


def test_its_alias_cannot_be_deleted(kms):
    kms.describe_key(KeyId='alias/aws/acm')
    with pytest.raises(ClientError) as e:
        kms.delete_alias(AliasName='alias/aws/acm')
    assert e.value.response['Error']['Code'] == 'NotAuthorizedException'
    assert kms.describe_key(KeyId='alias/aws/acm')['KeyMetadata']['KeyManager'] == 'AWS'
