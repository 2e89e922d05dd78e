"""boto3 drives the whole custom key store API against Keyward's PKCS#11-backed AWS_CLOUDHSM key stores (issue 11).

The node wrapper starts the server with one SoftHSM2 token behind KEYWARD_TEST_HSM_CLUSTER (its user PIN is
KEYWARD_TEST_HSM_PIN) and passes a trust anchor certificate in KEYWARD_TEST_TRUST_ANCHOR.
"""
import os
import uuid

import pytest
from botocore.exceptions import ClientError


def _code(excinfo):
    return excinfo.value.response['Error']['Code']


@pytest.fixture(scope='module')
def hsm():
    for name in ('KEYWARD_TEST_HSM_CLUSTER', 'KEYWARD_TEST_HSM_PIN', 'KEYWARD_TEST_TRUST_ANCHOR'):
        if not os.environ.get(name):
            pytest.fail(f'{name} is not set: run this suite through test/e2e/python-clients.test.ts', pytrace=False)
    return {'cluster': os.environ['KEYWARD_TEST_HSM_CLUSTER'], 'pin': os.environ['KEYWARD_TEST_HSM_PIN'],
            'anchor': os.environ['KEYWARD_TEST_TRUST_ANCHOR']}


def _describe(kms, store_id):
    return kms.describe_custom_key_stores(CustomKeyStoreId=store_id)['CustomKeyStores'][0]


def test_the_whole_custom_key_store_api(kms, hsm):
    name = f'py-store-{uuid.uuid4().hex[:8]}'
    store_id = kms.create_custom_key_store(CustomKeyStoreName=name, CloudHsmClusterId=hsm['cluster'],
                                           TrustAnchorCertificate=hsm['anchor'], KeyStorePassword='wrong-pin-000')['CustomKeyStoreId']
    assert store_id.startswith('cks-')
    entry = _describe(kms, store_id)
    assert (entry['ConnectionState'], entry['CustomKeyStoreType'], entry['CloudHsmClusterId']) == ('DISCONNECTED', 'AWS_CLOUDHSM', hsm['cluster'])
    with pytest.raises(ClientError) as e:
        kms.create_custom_key_store(CustomKeyStoreName=name, CloudHsmClusterId=hsm['cluster'],
                                    TrustAnchorCertificate=hsm['anchor'], KeyStorePassword=hsm['pin'])
    assert _code(e) == 'CustomKeyStoreNameInUseException'

    kms.connect_custom_key_store(CustomKeyStoreId=store_id)
    failed = _describe(kms, store_id)
    assert (failed['ConnectionState'], failed['ConnectionErrorCode']) == ('FAILED', 'INVALID_CREDENTIALS')
    kms.disconnect_custom_key_store(CustomKeyStoreId=store_id)
    kms.update_custom_key_store(CustomKeyStoreId=store_id, KeyStorePassword=hsm['pin'], NewCustomKeyStoreName=name + '-b')
    kms.connect_custom_key_store(CustomKeyStoreId=store_id)
    assert _describe(kms, store_id)['ConnectionState'] == 'CONNECTED'
    assert kms.describe_custom_key_stores(CustomKeyStoreName=name + '-b')['CustomKeyStores'][0]['CustomKeyStoreId'] == store_id

    md = kms.create_key(CustomKeyStoreId=store_id, Origin='AWS_CLOUDHSM', Description='boto3 hsm key')['KeyMetadata']
    assert (md['Origin'], md['CustomKeyStoreId'], md['CloudHsmClusterId']) == ('AWS_CLOUDHSM', store_id, hsm['cluster'])
    key_id = md['KeyId']
    blob = kms.encrypt(KeyId=key_id, Plaintext=b'boto3 in the token', EncryptionContext={'a': 'b'})['CiphertextBlob']
    assert kms.decrypt(CiphertextBlob=blob, EncryptionContext={'a': 'b'})['Plaintext'] == b'boto3 in the token'
    dk = kms.generate_data_key(KeyId=key_id, KeySpec='AES_256')
    assert kms.decrypt(CiphertextBlob=dk['CiphertextBlob'])['Plaintext'] == dk['Plaintext']
    assert len(kms.generate_random(NumberOfBytes=32, CustomKeyStoreId=store_id)['Plaintext']) == 32

    kms.disconnect_custom_key_store(CustomKeyStoreId=store_id)
    with pytest.raises(ClientError) as e:
        kms.decrypt(CiphertextBlob=blob, EncryptionContext={'a': 'b'})
    assert _code(e) == 'KMSInvalidStateException'
    assert e.value.response['Error']['Message'] == f"{md['Arn']} is unavailable."
    assert kms.describe_key(KeyId=key_id)['KeyMetadata']['KeyState'] == 'Unavailable'
    with pytest.raises(ClientError) as e:
        kms.delete_custom_key_store(CustomKeyStoreId=store_id)
    assert _code(e) == 'CustomKeyStoreHasCMKsException'
    with pytest.raises(ClientError) as e:
        kms.create_key(CustomKeyStoreId=store_id, Origin='AWS_CLOUDHSM')
    assert _code(e) == 'CustomKeyStoreInvalidStateException'

    kms.connect_custom_key_store(CustomKeyStoreId=store_id)
    assert kms.decrypt(CiphertextBlob=blob, EncryptionContext={'a': 'b'})['Plaintext'] == b'boto3 in the token'
    kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    kms.disconnect_custom_key_store(CustomKeyStoreId=store_id)
    with pytest.raises(ClientError) as e:
        kms.delete_custom_key_store(CustomKeyStoreId=store_id)
    assert _code(e) == 'CustomKeyStoreHasCMKsException', 'a key pending deletion still belongs to the store'


def test_unknown_stores_and_clusters(kms, hsm):
    for call in (lambda: kms.connect_custom_key_store(CustomKeyStoreId='cks-00000000000000000'),
                 lambda: kms.describe_custom_key_stores(CustomKeyStoreName='no-such-store'),
                 lambda: kms.delete_custom_key_store(CustomKeyStoreId='cks-00000000000000000')):
        with pytest.raises(ClientError) as e:
            call()
        assert _code(e) == 'CustomKeyStoreNotFoundException'
    with pytest.raises(ClientError) as e:
        kms.create_custom_key_store(CustomKeyStoreName='x', CloudHsmClusterId='cluster-notconfigured',
                                    TrustAnchorCertificate=hsm['anchor'], KeyStorePassword=hsm['pin'])
    assert _code(e) == 'CloudHsmClusterNotFoundException'
