"""The seed document's EnvelopeEncryption and SecureDataService, unchanged, against Keyward.

The seed builds `boto3.client('kms')` with no endpoint, credentials or region, so everything comes from the
environment, exactly as a user of the seed code would configure it: AWS_ENDPOINT_URL_KMS (boto3 1.43 honours
it), AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and AWS_DEFAULT_REGION.
"""
import base64

import pytest
from botocore.exceptions import ClientError

import seed_code  # beside this file (conftest puts test/python on sys.path); needs `cryptography` for AESGCM


@pytest.fixture(scope='module')
def seed_key(kms):
    return kms.create_key(Description='seed envelope KEK')['KeyMetadata']


def test_seed_client_really_uses_the_keyward_endpoint(seed_env, endpoint, seed_key):
    envelope = seed_code.EnvelopeEncryption(seed_key['KeyId'])
    assert envelope.kms.meta.endpoint_url == endpoint
    assert envelope.kms.meta.region_name == 'us-east-1'


@pytest.mark.parametrize('id_form', ['KeyId', 'Arn'])
def test_envelope_round_trip(seed_env, seed_key, id_form):
    envelope_encryption = seed_code.EnvelopeEncryption(seed_key[id_form])
    secret_data = b"Customer SSN: 123-45-6789"
    envelope = envelope_encryption.encrypt_data(secret_data)

    assert set(envelope) == {'encrypted_data', 'encrypted_dek', 'nonce'}
    assert len(base64.b64decode(envelope['nonce'])) == 12
    assert secret_data not in base64.b64decode(envelope['encrypted_data'])
    # The wrapped DEK is a KMS ciphertext of a 32-byte key under the seed key.
    unwrapped = envelope_encryption.kms.decrypt(CiphertextBlob=base64.b64decode(envelope['encrypted_dek']))
    assert unwrapped['KeyId'] == seed_key['Arn'] and len(unwrapped['Plaintext']) == 32

    # A fresh instance (as after a restart) decrypts the stored envelope.
    recovered = seed_code.EnvelopeEncryption(seed_key[id_form]).decrypt_data(envelope)
    assert recovered == secret_data


def test_envelope_each_encryption_uses_a_new_data_key(seed_env, seed_key):
    envelope_encryption = seed_code.EnvelopeEncryption(seed_key['KeyId'])
    a = envelope_encryption.encrypt_data(b'same')
    b = envelope_encryption.encrypt_data(b'same')
    assert a['encrypted_dek'] != b['encrypted_dek'] and a['encrypted_data'] != b['encrypted_data']
    assert envelope_encryption.decrypt_data(a) == envelope_encryption.decrypt_data(b) == b'same'


def test_envelope_decrypt_with_another_key_id_is_refused(seed_env, seed_key, kms):
    other = kms.create_key(Description='not the KEK')['KeyMetadata']
    envelope = seed_code.EnvelopeEncryption(seed_key['KeyId']).encrypt_data(b'data')
    with pytest.raises(ClientError) as e:
        seed_code.EnvelopeEncryption(other['KeyId']).decrypt_data(envelope)
    assert e.value.response['Error']['Code'] == 'IncorrectKeyException'


def test_envelope_with_a_tampered_wrapped_key_is_invalid_ciphertext(seed_env, seed_key):
    envelope_encryption = seed_code.EnvelopeEncryption(seed_key['KeyId'])
    envelope = envelope_encryption.encrypt_data(b'data')
    dek = bytearray(base64.b64decode(envelope['encrypted_dek']))
    dek[-1] ^= 1
    envelope['encrypted_dek'] = base64.b64encode(bytes(dek)).decode()
    with pytest.raises(ClientError) as e:
        envelope_encryption.decrypt_data(envelope)
    assert e.value.response['Error']['Code'] == 'InvalidCiphertextException'
    assert e.value.response['Error']['Message'] == ''


def test_envelope_with_unknown_key_is_not_found(seed_env, seed_key):
    missing = '00000000-0000-4000-8000-000000000000'
    with pytest.raises(ClientError) as e:
        seed_code.EnvelopeEncryption(missing).encrypt_data(b'data')
    assert e.value.response['Error']['Code'] == 'NotFoundException'
    assert e.value.response['Error']['Message'] == \
        f"Key '{seed_key['Arn'].rsplit('/', 1)[0]}/{missing}' does not exist"


def test_secure_data_service_user_round_trip(seed_env, seed_key):
    service = seed_code.SecureDataService(seed_key['KeyId'])
    package = service.encrypt_user_data('user-42', b'date of birth: 1970-01-01')
    assert package['context']['user_id'] == 'user-42'
    assert service.decrypt_user_data(package) == b'date of birth: 1970-01-01'


def test_secure_data_service_context_blocks_cross_purpose_decryption(seed_env, seed_key):
    """The seed's attack scenario: user ciphertext presented with the payment context (or another user's) fails."""
    service = seed_code.SecureDataService(seed_key['KeyId'])
    user_package = service.encrypt_user_data('user-42', b'pii')
    payment_package = service.encrypt_payment_data('txn-7', b'card')
    assert service.decrypt_user_data(payment_package) == b'card'  # its own context decrypts

    for forged_context in (payment_package['context'], {**user_package['context'], 'user_id': 'user-43'}):
        forged = {'ciphertext': user_package['ciphertext'], 'context': forged_context}
        with pytest.raises(ClientError) as e:
            service.decrypt_user_data(forged)
        assert e.value.response['Error']['Code'] == 'InvalidCiphertextException'
        assert e.value.response['Error']['Message'] == ''
