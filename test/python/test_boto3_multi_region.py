"""boto3 against Keyward: multi-Region keys across two Regions of one server (docs/multi-region.md).

The server is started with --regions us-east-1,eu-west-1 (test/e2e/python-clients.test.ts); each client's Region is
its SigV4 scope. A primary made in us-east-1 is replicated to eu-west-1 with the same key id and material, its
ciphertexts decrypt in both Regions, UpdatePrimaryRegion swaps the roles, and mistakes get AWS's errors.
"""
import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

US, EU = 'us-east-1', 'eu-west-1'
ACCOUNT = '111122223333'


def arn(region, key_id):
    return f'arn:aws:kms:{region}:{ACCOUNT}:key/{key_id}'


def error_of(excinfo):
    err = excinfo.value.response['Error']
    return err.get('Code'), err.get('Message')


@pytest.fixture(scope='module')
def kms_in(endpoint, credentials):
    def make(region):
        session = boto3.session.Session(region_name=region, **credentials)
        return session.client('kms', endpoint_url=endpoint, region_name=region, config=Config(retries={'max_attempts': 1}))
    return make


@pytest.fixture(scope='module')
def us(kms_in):
    return kms_in(US)


@pytest.fixture(scope='module')
def eu(kms_in):
    return kms_in(EU)


@pytest.fixture(scope='module')
def replicated(us):
    """A primary in us-east-1 with its replica in eu-west-1; the key id."""
    key_id = us.create_key(MultiRegion=True, Description='boto3 mrk primary')['KeyMetadata']['KeyId']
    us.replicate_key(KeyId=key_id, ReplicaRegion=EU, Description='boto3 mrk replica', Tags=[{'TagKey': 'copy', 'TagValue': 'eu'}])
    return key_id


def test_create_multi_region_key_is_a_primary_with_an_mrk_id(us):
    md = us.create_key(MultiRegion=True)['KeyMetadata']
    assert md['KeyId'].startswith('mrk-') and len(md['KeyId']) == 36
    assert md['MultiRegion'] is True
    assert md['MultiRegionConfiguration'] == {
        'MultiRegionKeyType': 'PRIMARY', 'PrimaryKey': {'Arn': arn(US, md['KeyId']), 'Region': US}, 'ReplicaKeys': []}


def test_replicate_key_answers_the_replica_metadata_policy_and_tags(us):
    key_id = us.create_key(MultiRegion=True)['KeyMetadata']['KeyId']
    out = us.replicate_key(KeyId=arn(US, key_id), ReplicaRegion=EU, Tags=[{'TagKey': 't', 'TagValue': 'v'}])
    md = out['ReplicaKeyMetadata']
    assert md['KeyId'] == key_id and md['Arn'] == arn(EU, key_id)
    assert md['MultiRegionConfiguration']['MultiRegionKeyType'] == 'REPLICA'
    assert md['MultiRegionConfiguration']['PrimaryKey'] == {'Arn': arn(US, key_id), 'Region': US}
    assert md['MultiRegionConfiguration']['ReplicaKeys'] == [{'Arn': arn(EU, key_id), 'Region': EU}]
    assert out['ReplicaTags'] == [{'TagKey': 't', 'TagValue': 'v'}]
    assert '"kms:*"' in out['ReplicaPolicy']


def test_describe_key_in_both_regions(us, eu, replicated):
    primary = us.describe_key(KeyId=replicated)['KeyMetadata']
    replica = eu.describe_key(KeyId=replicated)['KeyMetadata']
    assert primary['MultiRegionConfiguration']['ReplicaKeys'] == [{'Arn': arn(EU, replicated), 'Region': EU}]
    assert replica['Arn'] == arn(EU, replicated) and replica['Description'] == 'boto3 mrk replica'
    assert replica['CurrentKeyMaterialId'] == primary['CurrentKeyMaterialId']
    assert eu.list_resource_tags(KeyId=replicated)['Tags'] == [{'TagKey': 'copy', 'TagValue': 'eu'}]
    assert us.list_resource_tags(KeyId=replicated)['Tags'] == []


def test_encrypt_in_one_region_decrypt_in_the_other(us, eu, replicated):
    blob = us.encrypt(KeyId=replicated, Plaintext=b'from us', EncryptionContext={'k': 'v'})['CiphertextBlob']
    out = eu.decrypt(CiphertextBlob=blob, EncryptionContext={'k': 'v'})
    assert out['Plaintext'] == b'from us' and out['KeyId'] == arn(EU, replicated)
    back = eu.encrypt(KeyId=replicated, Plaintext=b'from eu')['CiphertextBlob']
    assert us.decrypt(CiphertextBlob=back)['Plaintext'] == b'from eu'


def test_a_single_region_key_stays_in_its_region(us, eu):
    key_id = us.create_key()['KeyMetadata']['KeyId']
    blob = us.encrypt(KeyId=key_id, Plaintext=b'local')['CiphertextBlob']
    with pytest.raises(ClientError) as e:
        eu.decrypt(CiphertextBlob=blob)
    assert error_of(e)[0] == 'InvalidCiphertextException'
    with pytest.raises(ClientError) as e:
        eu.describe_key(KeyId=key_id)
    assert error_of(e) == ('NotFoundException', f"Key '{arn(EU, key_id)}' does not exist")
    assert arn(EU, key_id) not in [k['KeyArn'] for k in eu.list_keys(Limit=1000)['Keys']]


def test_replicate_key_errors(us, eu, replicated):
    single = us.create_key()['KeyMetadata']['KeyId']
    with pytest.raises(ClientError) as e:
        us.replicate_key(KeyId=single, ReplicaRegion=EU)
    assert error_of(e) == ('UnsupportedOperationException', f'{arn(US, single)} is not a multi-region primary key.')
    with pytest.raises(ClientError) as e:
        us.replicate_key(KeyId=replicated, ReplicaRegion=US)
    assert error_of(e) == ('AlreadyExistsException', f"Key '{arn(US, replicated)}' already exists")
    with pytest.raises(ClientError) as e:
        us.replicate_key(KeyId=replicated, ReplicaRegion=EU)
    assert error_of(e) == ('AlreadyExistsException', f"Key '{arn(EU, replicated)}' already exists")
    with pytest.raises(ClientError) as e:
        us.replicate_key(KeyId=replicated, ReplicaRegion='ap-south-1')
    assert error_of(e)[0] == 'UnsupportedOperationException'
    assert 'not served by this Keyward installation' in error_of(e)[1]


def test_a_region_not_served_is_refused_at_the_credential_scope(kms_in):
    with pytest.raises(ClientError) as e:
        kms_in('ap-south-1').list_keys()
    assert error_of(e) == ('InvalidSignatureException', "Credential should be scoped to a valid region, not 'ap-south-1'. ")


def test_update_primary_region_swaps_the_roles(us, eu):
    key_id = us.create_key(MultiRegion=True)['KeyMetadata']['KeyId']
    us.replicate_key(KeyId=key_id, ReplicaRegion=EU)
    assert us.update_primary_region(KeyId=key_id, PrimaryRegion=EU)['ResponseMetadata']['HTTPStatusCode'] == 200
    assert eu.describe_key(KeyId=key_id)['KeyMetadata']['MultiRegionConfiguration']['MultiRegionKeyType'] == 'PRIMARY'
    config = us.describe_key(KeyId=key_id)['KeyMetadata']['MultiRegionConfiguration']
    assert config == {'MultiRegionKeyType': 'REPLICA', 'PrimaryKey': {'Arn': arn(EU, key_id), 'Region': EU},
                      'ReplicaKeys': [{'Arn': arn(US, key_id), 'Region': US}]}
    with pytest.raises(ClientError) as e:
        us.replicate_key(KeyId=key_id, ReplicaRegion=EU)
    assert error_of(e) == ('UnsupportedOperationException', f'{arn(US, key_id)} is not a multi-region primary key.')
    eu.rotate_key_on_demand(KeyId=key_id)
    assert us.describe_key(KeyId=key_id)['KeyMetadata']['CurrentKeyMaterialId'] == \
        eu.describe_key(KeyId=key_id)['KeyMetadata']['CurrentKeyMaterialId']


def test_aliases_are_per_region(us, eu, replicated):
    us.create_alias(AliasName='alias/boto3-mrk', TargetKeyId=replicated)
    eu.create_alias(AliasName='alias/boto3-mrk', TargetKeyId=replicated)
    assert eu.describe_key(KeyId='alias/boto3-mrk')['KeyMetadata']['Arn'] == arn(EU, replicated)
    assert us.describe_key(KeyId='alias/boto3-mrk')['KeyMetadata']['Arn'] == arn(US, replicated)
    eu.delete_alias(AliasName='alias/boto3-mrk')
    assert us.describe_key(KeyId='alias/boto3-mrk')['KeyMetadata']['Arn'] == arn(US, replicated)
