"""boto3 1.43 against Keyward: behaviour-checklist items (reference/clients-and-wire.md §2.2, aws-kms-api.md §2 and §4)
that the other suites do not cover, each asserted as AWS KMS answers.
"""
import datetime
import os

import pytest
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.serialization import load_der_public_key

DRY_RUN = 'The request would have succeeded, but the DryRun option is set.'


def error_of(excinfo):
    """(code, message) of a botocore ClientError; message is '' when the server sent none."""
    err = excinfo.value.response['Error']
    return err.get('Code'), err.get('Message')


@pytest.fixture(scope='module')
def key(kms):
    return kms.create_key(Description='checklist symmetric')['KeyMetadata']


def import_material(kms, key_id, material, **kwargs):
    params = kms.get_parameters_for_import(KeyId=key_id, WrappingAlgorithm='RSAES_OAEP_SHA_256', WrappingKeySpec='RSA_2048')
    public_key = load_der_public_key(params['PublicKey'])
    wrapped = public_key.encrypt(material, padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None))
    return kms.import_key_material(KeyId=key_id, ImportToken=params['ImportToken'], EncryptedKeyMaterial=wrapped, **kwargs)


# A. CreateKey

@pytest.mark.parametrize('usage', ['SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'])
def test_symmetric_key_with_another_usage_names_the_usage(kms, usage):
    """Item 12: a symmetric key must be ENCRYPT_DECRYPT, in AWS's words."""
    with pytest.raises(ClientError) as e:
        kms.create_key(KeyUsage=usage)
    assert error_of(e) == ('ValidationException',
                           f'The operation failed because the KeyUsage value of the CMK is {usage}. '
                           'To perform this operation, the KeyUsage value must be ENCRYPT_DECRYPT.')


def test_usage_that_does_not_fit_an_asymmetric_spec(kms):
    """Item 13 (recorded from AWS) keeps its own form."""
    with pytest.raises(ClientError) as e:
        kms.create_key(KeySpec='RSA_2048', KeyUsage='KEY_AGREEMENT')
    assert error_of(e) == ('ValidationException', 'KeyUsage KEY_AGREEMENT is not compatible with KeySpec RSA_2048')


# N. HMAC

def test_bad_mac_algorithm_lists_the_enum_in_aws_order(kms):
    """Item 120: the exact recorded message, enum values in AWS's order."""
    mac_key = kms.create_key(KeySpec='HMAC_256', KeyUsage='GENERATE_VERIFY_MAC')['KeyMetadata']
    with pytest.raises(ClientError) as e:
        kms.generate_mac(KeyId=mac_key['KeyId'], Message=b'hello', MacAlgorithm='INVALID')
    assert error_of(e) == ('ValidationException',
                           "1 validation error detected: Value 'INVALID' at 'macAlgorithm' failed to satisfy constraint: "
                           'Member must satisfy enum value set: [HMAC_SHA_384, HMAC_SHA_256, HMAC_SHA_224, HMAC_SHA_512]')


# J. Key policies

@pytest.mark.parametrize('operation', ['get', 'put'])
def test_policy_name_pattern_is_quoted_as_in_the_model(kms, key, operation):
    """Item 90: the pattern in the message is the model's `[\\w]+`."""
    with pytest.raises(ClientError) as e:
        if operation == 'get':
            kms.get_key_policy(KeyId=key['KeyId'], PolicyName='bad-name')
        else:
            kms.put_key_policy(KeyId=key['KeyId'], PolicyName='bad-name', Policy='{"Statement": []}')
    assert error_of(e) == ('ValidationException',
                           "1 validation error detected: Value 'bad-name' at 'policyName' failed to satisfy constraint: "
                           'Member must satisfy regular expression pattern: [\\w]+')


def test_policy_name_pattern_still_matches_whole_names(kms, key):
    assert kms.get_key_policy(KeyId=key['KeyId'], PolicyName='default')['PolicyName'] == 'default'


# DryRun with DryRunModifiers IGNORE_CIPHERTEXT (aws-kms-api.md §4.11)

def test_decrypt_dry_run_ignoring_the_ciphertext_checks_the_key(kms_unvalidated, key):
    kms = kms_unvalidated
    with pytest.raises(ClientError) as e:
        kms.decrypt(KeyId=key['KeyId'], DryRun=True, DryRunModifiers=['IGNORE_CIPHERTEXT'])
    assert error_of(e) == ('DryRunOperationException', DRY_RUN)
    # KeyId is then required, and the key's usage is checked.
    with pytest.raises(ClientError) as e:
        kms.decrypt(DryRun=True, DryRunModifiers=['IGNORE_CIPHERTEXT'])
    assert error_of(e)[0] == 'ValidationException'
    signing = kms.create_key(KeySpec='ECC_NIST_P256', KeyUsage='SIGN_VERIFY')['KeyMetadata']
    with pytest.raises(ClientError) as e:
        kms.decrypt(KeyId=signing['KeyId'], DryRun=True, DryRunModifiers=['IGNORE_CIPHERTEXT'])
    assert error_of(e) == ('InvalidKeyUsageException', f"{signing['Arn']} key usage is SIGN_VERIFY which is not valid for Decrypt.")
    # Without the modifier, a missing ciphertext is still a validation error.
    with pytest.raises(ClientError) as e:
        kms.decrypt(KeyId=key['KeyId'], DryRun=True)
    assert error_of(e)[0] == 'ValidationException'


def test_re_encrypt_dry_run_ignoring_the_ciphertext(kms_unvalidated, key):
    kms = kms_unvalidated
    with pytest.raises(ClientError) as e:
        kms.re_encrypt(SourceKeyId=key['KeyId'], DestinationKeyId=key['Arn'], DryRun=True, DryRunModifiers=['IGNORE_CIPHERTEXT'])
    assert error_of(e) == ('DryRunOperationException', DRY_RUN)
    with pytest.raises(ClientError) as e:
        kms.re_encrypt(DestinationKeyId=key['Arn'], DryRun=True, DryRunModifiers=['IGNORE_CIPHERTEXT'])
    assert error_of(e)[0] == 'ValidationException'
    with pytest.raises(ClientError) as e:
        kms.re_encrypt(SourceKeyId=key['KeyId'], DestinationKeyId='11111111-2222-3333-4444-555555555555', DryRun=True,
                       DryRunModifiers=['IGNORE_CIPHERTEXT'])
    assert error_of(e)[0] == 'NotFoundException'


# K/L. Rotation of imported material

def test_rotation_of_imported_material_is_listed_as_aws_lists_it(kms):
    key = kms.create_key(Origin='EXTERNAL')['KeyMetadata']
    key_id, arn = key['KeyId'], key['Arn']
    valid_to = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=5)
    first = import_material(kms, key_id, os.urandom(32), ExpirationModel='KEY_MATERIAL_EXPIRES', ValidTo=valid_to,
                            KeyMaterialDescription='first')['KeyMaterialId']
    second = import_material(kms, key_id, os.urandom(32), ExpirationModel='KEY_MATERIAL_DOES_NOT_EXPIRE',
                             ImportType='NEW_KEY_MATERIAL')['KeyMaterialId']

    # Material pending rotation is not a rotation yet.
    listed = kms.list_key_rotations(KeyId=key_id)
    assert listed['Rotations'] == [] and listed['Truncated'] is False
    entries = kms.list_key_rotations(KeyId=key_id, IncludeKeyMaterial='ALL_KEY_MATERIAL')['Rotations']
    assert [(r['KeyMaterialId'], r['KeyMaterialState'], r['ImportState']) for r in entries] == [
        (first, 'CURRENT', 'IMPORTED'), (second, 'PENDING_ROTATION', 'IMPORTED')]
    assert entries[0]['ExpirationModel'] == 'KEY_MATERIAL_EXPIRES'
    assert abs(entries[0]['ValidTo'].timestamp() - valid_to.timestamp()) < 2
    assert entries[0]['KeyMaterialDescription'] == 'first'
    assert entries[1]['ExpirationModel'] == 'KEY_MATERIAL_DOES_NOT_EXPIRE' and 'ValidTo' not in entries[1]
    assert all(r['KeyId'] == arn and 'RotationDate' not in r for r in entries)

    assert kms.rotate_key_on_demand(KeyId=key_id)['KeyId'] == arn
    rotations = kms.list_key_rotations(KeyId=key_id)['Rotations']
    assert [(r['KeyMaterialId'], r['KeyMaterialState'], r['RotationType']) for r in rotations] == [(second, 'CURRENT', 'ON_DEMAND')]
    assert 'RotationDate' in rotations[0]
    entries = kms.list_key_rotations(KeyId=key_id, IncludeKeyMaterial='ALL_KEY_MATERIAL')['Rotations']
    assert [(r['KeyMaterialId'], r['KeyMaterialState']) for r in entries] == [(first, 'NON_CURRENT'), (second, 'CURRENT')]


def test_automatic_rotation_of_imported_material_names_the_origin(kms):
    """Key-state table ✗6/?7: rotation settings are not for EXTERNAL keys, with or without material."""
    key = kms.create_key(Origin='EXTERNAL')['KeyMetadata']
    message = f"{key['Arn']} origin is EXTERNAL which is not valid for this operation."
    import_material(kms, key['KeyId'], os.urandom(32), ExpirationModel='KEY_MATERIAL_DOES_NOT_EXPIRE')
    for call in (kms.enable_key_rotation, kms.disable_key_rotation, kms.get_key_rotation_status):
        with pytest.raises(ClientError) as e:
            call(KeyId=key['KeyId'])
        assert error_of(e) == ('UnsupportedOperationException', message)


def test_aws_kms_key_rotations_only_lists_rotations(kms):
    key = kms.create_key()['KeyMetadata']
    assert kms.list_key_rotations(KeyId=key['KeyId'])['Rotations'] == []
    kms.rotate_key_on_demand(KeyId=key['KeyId'])
    rotations = kms.list_key_rotations(KeyId=key['KeyId'])['Rotations']
    assert len(rotations) == 1 and rotations[0]['RotationType'] == 'ON_DEMAND' and rotations[0]['KeyMaterialState'] == 'CURRENT'
    assert 'ImportState' not in rotations[0] and 'ExpirationModel' not in rotations[0]
    entries = kms.list_key_rotations(KeyId=key['KeyId'], IncludeKeyMaterial='ALL_KEY_MATERIAL')['Rotations']
    assert [r['KeyMaterialState'] for r in entries] == ['NON_CURRENT', 'CURRENT']
    assert entries[0]['KeyMaterialId'] == key['CurrentKeyMaterialId']


# Pagination (aws-kms-api.md §4.10)

def test_list_key_policies_one_page_and_no_foreign_marker(kms, key):
    """Item 88, and a Marker Keyward never issued is InvalidMarkerException on every List operation."""
    listed = kms.list_key_policies(KeyId=key['KeyId'], Limit=1)
    assert listed['PolicyNames'] == ['default'] and listed['Truncated'] is False and 'NextMarker' not in listed
    with pytest.raises(ClientError) as e:
        kms.list_key_policies(KeyId=key['KeyId'], Marker='not-a-marker')
    assert error_of(e)[0] == 'InvalidMarkerException'
