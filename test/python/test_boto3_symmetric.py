"""boto3 1.43 against Keyward: the symmetric-key story, asserted as AWS KMS behaves.

Exact texts come from /work/shared/reference/clients-and-wire.md (§1.6, §2.2 items noted per test).
"""
import datetime
import json
import re
import uuid
from unittest import mock

import botocore.auth
import pytest
from botocore.exceptions import ClientError

UUID_RE = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
SIGNATURE_MISMATCH = ('The request signature we calculated does not match the signature you provided. '
                      'Check your AWS Secret Access Key and signing method. Consult the service documentation '
                      'for details.')
# CreateKey with no arguments (§2.2 item 1, §2.3): exactly these members, no MultiRegionConfiguration,
# ExpirationModel, DeletionDate, ValidTo, SigningAlgorithms or MacAlgorithms.
SYMMETRIC_METADATA_FIELDS = {
    'AWSAccountId', 'Arn', 'CreationDate', 'CurrentKeyMaterialId', 'CustomerMasterKeySpec', 'Description',
    'Enabled', 'EncryptionAlgorithms', 'KeyId', 'KeyManager', 'KeySpec', 'KeyState', 'KeyUsage', 'MultiRegion',
    'Origin',
}


def error_of(excinfo):
    """(code, message) of a botocore ClientError; message is '' when the server sent none."""
    err = excinfo.value.response['Error']
    return err.get('Code'), err.get('Message')


def validation(message):
    return ('ValidationException', message)


@pytest.fixture(scope='module')
def key(kms):
    return kms.create_key(Description='boto3 primary')['KeyMetadata']


@pytest.fixture(scope='module')
def other_key(kms):
    return kms.create_key(Description='boto3 secondary')['KeyMetadata']


def missing_key_arn(key_metadata, key_id):
    account = key_metadata['AWSAccountId']
    return f'arn:aws:kms:us-east-1:{account}:key/{key_id}'


# --- A. CreateKey / DescribeKey / ListKeys ----------------------------------------------------------------


def test_create_key_without_arguments_returns_full_symmetric_metadata(kms):
    before = datetime.datetime.now(datetime.timezone.utc)
    response = kms.create_key()
    md = response['KeyMetadata']
    assert set(md) == SYMMETRIC_METADATA_FIELDS
    assert UUID_RE.match(md['KeyId'])
    assert re.fullmatch(r'\d{12}', md['AWSAccountId'])
    assert md['Arn'] == f"arn:aws:kms:us-east-1:{md['AWSAccountId']}:key/{md['KeyId']}"
    assert md['Description'] == ''
    assert md['Enabled'] is True
    assert md['KeyState'] == 'Enabled'
    assert md['KeyUsage'] == 'ENCRYPT_DECRYPT'
    assert md['KeySpec'] == 'SYMMETRIC_DEFAULT'
    assert md['CustomerMasterKeySpec'] == 'SYMMETRIC_DEFAULT'
    assert md['EncryptionAlgorithms'] == ['SYMMETRIC_DEFAULT']
    assert md['KeyManager'] == 'CUSTOMER'
    assert md['Origin'] == 'AWS_KMS'
    assert md['MultiRegion'] is False
    assert isinstance(md['CurrentKeyMaterialId'], str) and md['CurrentKeyMaterialId']
    # CreationDate is epoch seconds on the wire; botocore turns it into an aware datetime.
    created = md['CreationDate']
    assert created.tzinfo is not None
    assert before - datetime.timedelta(seconds=5) <= created <= datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=5)


def test_create_key_keeps_description(kms):
    md = kms.create_key(Description='payments master key')['KeyMetadata']
    assert md['Description'] == 'payments master key'


def test_create_key_with_deprecated_customer_master_key_spec(kms):
    # item 6: CustomerMasterKeySpec alone is accepted and copied into KeySpec
    md = kms.create_key(CustomerMasterKeySpec='SYMMETRIC_DEFAULT')['KeyMetadata']
    assert md['KeySpec'] == 'SYMMETRIC_DEFAULT' and md['CustomerMasterKeySpec'] == 'SYMMETRIC_DEFAULT'


def test_create_key_with_both_key_specs_is_validation_error(kms):
    # item 7
    with pytest.raises(ClientError) as e:
        kms.create_key(KeySpec='SYMMETRIC_DEFAULT', CustomerMasterKeySpec='SYMMETRIC_DEFAULT')
    assert error_of(e) == validation('You cannot specify KeySpec and CustomerMasterKeySpec in the same request. '
                                     'CustomerMasterKeySpec is deprecated.')


def test_describe_key_by_id_and_by_arn_matches_create(kms, key):
    by_id = kms.describe_key(KeyId=key['KeyId'])['KeyMetadata']
    by_arn = kms.describe_key(KeyId=key['Arn'])['KeyMetadata']
    assert by_id == key
    assert by_arn == key
    assert by_id['KeyId'] == key['KeyId'] and by_id['Arn'] == key['Arn']


def test_describe_unknown_key_is_not_found_with_the_arn(kms, key):
    missing = str(uuid.uuid4())
    with pytest.raises(ClientError) as e:
        kms.describe_key(KeyId=missing)
    assert error_of(e) == ('NotFoundException', f"Key '{missing_key_arn(key, missing)}' does not exist")
    assert e.value.response['ResponseMetadata']['HTTPStatusCode'] == 400


def test_describe_unknown_key_arn_is_not_found(kms, key):
    arn = missing_key_arn(key, str(uuid.uuid4()))
    with pytest.raises(ClientError) as e:
        kms.describe_key(KeyId=arn)
    assert error_of(e) == ('NotFoundException', f"Key '{arn}' does not exist")


@pytest.mark.parametrize('key_id', ['fake-key-id', 'mrk-fake-key-id', '0123456789abcdef0123456789abcdef'])
def test_describe_malformed_key_id_is_not_found(kms, key_id):
    # item 19
    with pytest.raises(ClientError) as e:
        kms.describe_key(KeyId=key_id)
    assert error_of(e) == ('NotFoundException', f"Invalid keyId '{key_id}'")


def test_describe_unknown_multi_region_id_is_not_found_with_the_arn(kms, key):
    # item 20
    missing = 'mrk-' + uuid.uuid4().hex
    with pytest.raises(ClientError) as e:
        kms.describe_key(KeyId=missing)
    assert error_of(e) == ('NotFoundException', f"Key '{missing_key_arn(key, missing)}' does not exist")


def test_describe_other_region_arn_is_invalid_arn(kms, key):
    # item 21: another Region's key ARN
    arn = key['Arn'].replace(':us-east-1:', ':eu-west-1:')
    with pytest.raises(ClientError) as e:
        kms.describe_key(KeyId=arn)
    assert error_of(e) == ('NotFoundException', 'Invalid arn eu-west-1')


def test_missing_alias_is_not_found_with_the_alias_arn(kms, key):
    # item 22: the message names the alias ARN, not the alias name
    alias_arn = f"arn:aws:kms:us-east-1:{key['AWSAccountId']}:alias/pytest-never-created"
    for call in (lambda: kms.describe_key(KeyId='alias/pytest-never-created'),
                 lambda: kms.encrypt(KeyId='alias/pytest-never-created', Plaintext=b'x')):
        with pytest.raises(ClientError) as e:
            call()
        assert error_of(e) == ('NotFoundException', f'Alias {alias_arn} is not found.')


@pytest.fixture(scope='module')
def five_keys(kms):
    return [kms.create_key(Description=f'page {i}')['KeyMetadata'] for i in range(5)]


def test_list_keys_paginator_with_page_size_2(kms, five_keys):
    paginator = kms.get_paginator('list_keys')
    pages = list(paginator.paginate(PaginationConfig={'PageSize': 2}))
    assert len(pages) >= 3
    seen = []
    for page in pages[:-1]:
        assert len(page['Keys']) == 2
        assert page['Truncated'] is True
        assert isinstance(page['NextMarker'], str) and page['NextMarker']
    assert 1 <= len(pages[-1]['Keys']) <= 2
    assert pages[-1]['Truncated'] is False
    assert 'NextMarker' not in pages[-1]
    for page in pages:
        for entry in page['Keys']:
            assert set(entry) == {'KeyId', 'KeyArn'}
            assert entry['KeyArn'].endswith(':key/' + entry['KeyId'])
            seen.append(entry['KeyId'])
    assert len(seen) == len(set(seen)), 'a key was listed twice'
    assert {k['KeyId'] for k in five_keys} <= set(seen)


def test_list_keys_manual_limit_and_marker(kms, five_keys):
    seen, marker, calls = [], None, 0
    while True:
        kwargs = {'Limit': 2}
        if marker:
            kwargs['Marker'] = marker
        page = kms.list_keys(**kwargs)
        calls += 1
        assert len(page['Keys']) <= 2
        seen.extend(e['KeyId'] for e in page['Keys'])
        if not page['Truncated']:
            assert 'NextMarker' not in page
            break
        assert len(page['Keys']) == 2
        marker = page['NextMarker']
        assert calls < 500
    assert calls >= 3
    assert len(seen) == len(set(seen))
    assert {k['KeyId'] for k in five_keys} <= set(seen)
    # Without Limit, the default page (up to 100) holds them all in this fresh data directory.
    everything = kms.list_keys()
    if not everything['Truncated']:
        assert {e['KeyId'] for e in everything['Keys']} == set(seen)


# --- C. Encrypt / Decrypt / encryption context ------------------------------------------------------------


def test_encrypt_decrypt_without_context(kms, key):
    enc = kms.encrypt(KeyId=key['KeyId'], Plaintext=b'hello keyward')
    assert set(enc) - {'ResponseMetadata'} == {'CiphertextBlob', 'KeyId', 'EncryptionAlgorithm'}
    assert enc['KeyId'] == key['Arn']
    assert enc['EncryptionAlgorithm'] == 'SYMMETRIC_DEFAULT'
    assert b'hello keyward' not in enc['CiphertextBlob']
    # Symmetric Decrypt needs no KeyId: the ciphertext names the key (item 36).
    dec = kms.decrypt(CiphertextBlob=enc['CiphertextBlob'])
    assert dec['Plaintext'] == b'hello keyward'
    assert dec['KeyId'] == key['Arn']
    assert dec['EncryptionAlgorithm'] == 'SYMMETRIC_DEFAULT'
    assert dec['KeyMaterialId'] == key['CurrentKeyMaterialId']


def test_encrypt_accepts_key_arn_and_decrypt_accepts_key_id(kms, key):
    enc = kms.encrypt(KeyId=key['Arn'], Plaintext=b'by arn')
    assert enc['KeyId'] == key['Arn']
    dec = kms.decrypt(CiphertextBlob=enc['CiphertextBlob'], KeyId=key['KeyId'])
    assert dec['Plaintext'] == b'by arn' and dec['KeyId'] == key['Arn']
    dec = kms.decrypt(CiphertextBlob=enc['CiphertextBlob'], KeyId=key['Arn'])
    assert dec['Plaintext'] == b'by arn'


def test_encrypt_decrypt_with_context(kms, key):
    ctx = {'purpose': 'demo', 'tenant': 'acme'}
    enc = kms.encrypt(KeyId=key['KeyId'], Plaintext=b'bound', EncryptionContext=ctx)
    dec = kms.decrypt(CiphertextBlob=enc['CiphertextBlob'], EncryptionContext=dict(reversed(list(ctx.items()))))
    assert dec['Plaintext'] == b'bound'


def test_unicode_context_round_trips(kms, key):
    ctx = {'Abteilung': 'Größe', 'emoji \U0001F511': 'clé'}
    enc = kms.encrypt(KeyId=key['KeyId'], Plaintext=b'u', EncryptionContext=ctx)
    assert kms.decrypt(CiphertextBlob=enc['CiphertextBlob'], EncryptionContext=ctx)['Plaintext'] == b'u'


def test_empty_context_is_the_same_as_no_context(kms, key):
    enc = kms.encrypt(KeyId=key['KeyId'], Plaintext=b'e', EncryptionContext={})
    assert kms.decrypt(CiphertextBlob=enc['CiphertextBlob'])['Plaintext'] == b'e'
    enc = kms.encrypt(KeyId=key['KeyId'], Plaintext=b'e')
    assert kms.decrypt(CiphertextBlob=enc['CiphertextBlob'], EncryptionContext={})['Plaintext'] == b'e'


def test_same_plaintext_encrypts_differently(kms, key):
    a = kms.encrypt(KeyId=key['KeyId'], Plaintext=b'x')['CiphertextBlob']
    b = kms.encrypt(KeyId=key['KeyId'], Plaintext=b'x')['CiphertextBlob']
    assert a != b


def test_maximum_plaintext_4096_bytes_round_trips(kms, key):
    data = bytes(range(256)) * 16
    enc = kms.encrypt(KeyId=key['KeyId'], Plaintext=data)
    assert kms.decrypt(CiphertextBlob=enc['CiphertextBlob'])['Plaintext'] == data


@pytest.fixture(scope='module')
def ciphertext_with_context(kms, key):
    return kms.encrypt(KeyId=key['KeyId'], Plaintext=b'secret', EncryptionContext={'purpose': 'demo'})['CiphertextBlob']


@pytest.mark.parametrize('context', [
    None,                                           # missing at decrypt (item 37)
    {'purpose': 'other'},                           # different value
    {'Purpose': 'demo'},                            # keys are case-sensitive
    {'purpose': 'demo', 'extra': 'x'},              # superset
], ids=['missing', 'wrong-value', 'wrong-case', 'extra-pair'])
def test_decrypt_with_wrong_or_missing_context_is_invalid_ciphertext(kms, ciphertext_with_context, context):
    kwargs = {'CiphertextBlob': ciphertext_with_context}
    if context is not None:
        kwargs['EncryptionContext'] = context
    with pytest.raises(ClientError) as e:
        kms.decrypt(**kwargs)
    assert error_of(e) == ('InvalidCiphertextException', '')
    assert e.value.response['ResponseMetadata']['HTTPStatusCode'] == 400


def test_decrypt_context_where_none_was_used_is_invalid_ciphertext(kms, key):
    blob = kms.encrypt(KeyId=key['KeyId'], Plaintext=b'no ctx')['CiphertextBlob']
    with pytest.raises(ClientError) as e:
        kms.decrypt(CiphertextBlob=blob, EncryptionContext={'purpose': 'demo'})
    assert error_of(e) == ('InvalidCiphertextException', '')


def test_tampered_ciphertext_is_invalid_ciphertext(kms, key):
    blob = bytearray(kms.encrypt(KeyId=key['KeyId'], Plaintext=b'tamper me')['CiphertextBlob'])
    blob[-1] ^= 0x01
    with pytest.raises(ClientError) as e:
        kms.decrypt(CiphertextBlob=bytes(blob))
    assert error_of(e) == ('InvalidCiphertextException', '')
    with pytest.raises(ClientError) as e:
        kms.decrypt(CiphertextBlob=bytes(blob[:-20]))
    assert error_of(e) == ('InvalidCiphertextException', '')


def test_garbage_ciphertext_is_invalid_ciphertext(kms):
    with pytest.raises(ClientError) as e:
        kms.decrypt(CiphertextBlob=b'\x01' + bytes(range(200)))
    assert error_of(e) == ('InvalidCiphertextException', '')


def test_invalid_ciphertext_wire_shape(make_kms, ciphertext_with_context):
    """AWS sends HTTP 400, Content-Type application/x-amz-json-1.1, a request id, and no message member."""
    client = make_kms()
    captured = {}

    def grab(http_response, **_):
        captured['status'] = http_response.status_code
        captured['headers'] = dict(http_response.headers)
        captured['body'] = http_response.content

    client.meta.events.register('after-call.kms.Decrypt', grab)
    with pytest.raises(ClientError):
        client.decrypt(CiphertextBlob=ciphertext_with_context)
    assert captured['status'] == 400
    headers = {k.lower(): v for k, v in captured['headers'].items()}
    assert headers['content-type'] == 'application/x-amz-json-1.1'
    assert headers.get('x-amzn-requestid')
    assert json.loads(captured['body']) == {'__type': 'InvalidCiphertextException'}


def test_decrypt_naming_another_key_is_incorrect_key(kms, key, other_key):
    blob = kms.encrypt(KeyId=key['KeyId'], Plaintext=b'mine')['CiphertextBlob']
    with pytest.raises(ClientError) as e:
        kms.decrypt(CiphertextBlob=blob, KeyId=other_key['KeyId'])
    assert error_of(e) == ('IncorrectKeyException',
                           'The key ID in the request does not identify a CMK that can perform this operation.')


def test_encrypt_empty_plaintext_is_validation_error(kms_unvalidated, key):
    # item 40 (botocore would reject the empty blob itself, so client-side validation is off here)
    with pytest.raises(ClientError) as e:
        kms_unvalidated.encrypt(KeyId=key['KeyId'], Plaintext=b'')
    assert error_of(e) == validation("1 validation error detected: Value at 'plaintext' failed to satisfy "
                                     'constraint: Member must have length greater than or equal to 1')


def test_encrypt_4097_bytes_is_validation_error(kms, key):
    # item 41
    with pytest.raises(ClientError) as e:
        kms.encrypt(KeyId=key['KeyId'], Plaintext=b'a' * 4097)
    assert error_of(e) == validation("1 validation error detected: Value at 'plaintext' failed to satisfy "
                                     'constraint: Member must have length less than or equal to 4096')


def test_encrypt_with_unknown_key_is_not_found(kms, key):
    missing = str(uuid.uuid4())
    with pytest.raises(ClientError) as e:
        kms.encrypt(KeyId=missing, Plaintext=b'x')
    assert error_of(e) == ('NotFoundException', f"Key '{missing_key_arn(key, missing)}' does not exist")


# --- D. Data keys -------------------------------------------------------------------------------------------


@pytest.mark.parametrize('kwargs,length', [
    ({'KeySpec': 'AES_256'}, 32), ({'KeySpec': 'AES_128'}, 16),
    ({'NumberOfBytes': 1}, 1), ({'NumberOfBytes': 64}, 64), ({'NumberOfBytes': 1024}, 1024),
], ids=['AES_256', 'AES_128', 'n1', 'n64', 'n1024'])
def test_generate_data_key_sizes_and_round_trip(kms, key, kwargs, length):
    ctx = {'file': 'report.pdf'}
    resp = kms.generate_data_key(KeyId=key['KeyId'], EncryptionContext=ctx, **kwargs)
    assert set(resp) - {'ResponseMetadata'} >= {'CiphertextBlob', 'Plaintext', 'KeyId'}
    assert resp['KeyId'] == key['Arn']
    assert len(resp['Plaintext']) == length
    dec = kms.decrypt(CiphertextBlob=resp['CiphertextBlob'], EncryptionContext=ctx)
    assert dec['Plaintext'] == resp['Plaintext']
    assert dec['KeyId'] == key['Arn']
    with pytest.raises(ClientError) as e:  # item 52
        kms.decrypt(CiphertextBlob=resp['CiphertextBlob'])
    assert error_of(e) == ('InvalidCiphertextException', '')


def test_generate_data_key_by_arn_returns_arn(kms, key):
    resp = kms.generate_data_key(KeyId=key['Arn'], KeySpec='AES_256')
    assert resp['KeyId'] == key['Arn']


@pytest.mark.parametrize('kwargs,length', [({'KeySpec': 'AES_256'}, 32), ({'NumberOfBytes': 48}, 48)],
                         ids=['AES_256', 'n48'])
def test_generate_data_key_without_plaintext(kms, key, kwargs, length):
    resp = kms.generate_data_key_without_plaintext(KeyId=key['KeyId'], **kwargs)
    assert 'Plaintext' not in resp
    assert resp['KeyId'] == key['Arn']
    dec = kms.decrypt(CiphertextBlob=resp['CiphertextBlob'])
    assert len(dec['Plaintext']) == length
    assert dec['KeyId'] == key['Arn']


DATA_KEY_CHOICE = 'Please specify either number of bytes or key spec.'


@pytest.mark.parametrize('operation', ['generate_data_key', 'generate_data_key_without_plaintext'])
@pytest.mark.parametrize('kwargs,message', [
    ({}, DATA_KEY_CHOICE),
    ({'KeySpec': 'AES_256', 'NumberOfBytes': 32}, DATA_KEY_CHOICE),
    ({'NumberOfBytes': 2048}, "1 validation error detected: Value '2048' at 'numberOfBytes' failed to satisfy "
                              'constraint: Member must have value less than or equal to 1024'),
    ({'KeySpec': 'AES_257'}, "1 validation error detected: Value 'AES_257' at 'keySpec' failed to satisfy "
                             'constraint: Member must satisfy enum value set: [AES_256, AES_128]'),
], ids=['neither', 'both', 'n2048', 'AES_257'])
def test_generate_data_key_validation_errors(kms, key, operation, kwargs, message):
    # item 49 (texts as recorded by moto's AWS-validated tests)
    with pytest.raises(ClientError) as e:
        getattr(kms, operation)(KeyId=key['KeyId'], **kwargs)
    assert error_of(e) == validation(message)


def test_generate_data_key_unknown_key_is_not_found(kms, key):
    missing = str(uuid.uuid4())
    with pytest.raises(ClientError) as e:
        kms.generate_data_key(KeyId=missing, KeySpec='AES_256')
    assert error_of(e) == ('NotFoundException', f"Key '{missing_key_arn(key, missing)}' does not exist")


# --- F. ReEncrypt ---------------------------------------------------------------------------------------------


def test_re_encrypt_between_two_keys(kms, key, other_key):
    src = kms.encrypt(KeyId=key['KeyId'], Plaintext=b'move me', EncryptionContext={'stage': 'one'})
    resp = kms.re_encrypt(CiphertextBlob=src['CiphertextBlob'], SourceEncryptionContext={'stage': 'one'},
                          DestinationKeyId=other_key['KeyId'], DestinationEncryptionContext={'stage': 'two'})
    assert set(resp) - {'ResponseMetadata'} >= {'CiphertextBlob', 'KeyId', 'SourceKeyId',
                                                'SourceEncryptionAlgorithm', 'DestinationEncryptionAlgorithm'}
    assert resp['KeyId'] == other_key['Arn']
    assert resp['SourceKeyId'] == key['Arn']
    assert resp['SourceEncryptionAlgorithm'] == 'SYMMETRIC_DEFAULT'
    assert resp['DestinationEncryptionAlgorithm'] == 'SYMMETRIC_DEFAULT'
    new = kms.decrypt(CiphertextBlob=resp['CiphertextBlob'], EncryptionContext={'stage': 'two'})
    assert new['Plaintext'] == b'move me' and new['KeyId'] == other_key['Arn']
    old = kms.decrypt(CiphertextBlob=src['CiphertextBlob'], EncryptionContext={'stage': 'one'})
    assert old['Plaintext'] == b'move me' and old['KeyId'] == key['Arn']
    with pytest.raises(ClientError) as e:
        kms.decrypt(CiphertextBlob=resp['CiphertextBlob'], EncryptionContext={'stage': 'one'})
    assert error_of(e) == ('InvalidCiphertextException', '')


def test_re_encrypt_with_wrong_source_context_is_invalid_ciphertext(kms, key, other_key):
    blob = kms.encrypt(KeyId=key['KeyId'], Plaintext=b'x', EncryptionContext={'a': 'b'})['CiphertextBlob']
    with pytest.raises(ClientError) as e:
        kms.re_encrypt(CiphertextBlob=blob, DestinationKeyId=other_key['KeyId'])
    assert error_of(e) == ('InvalidCiphertextException', '')


def test_re_encrypt_naming_the_wrong_source_key_is_incorrect_key(kms, key, other_key):
    # item 61 (AWS's test used an HMAC key; a different symmetric key is refused the same way)
    blob = kms.encrypt(KeyId=key['KeyId'], Plaintext=b'x')['CiphertextBlob']
    with pytest.raises(ClientError) as e:
        kms.re_encrypt(CiphertextBlob=blob, SourceKeyId=other_key['KeyId'], DestinationKeyId=other_key['KeyId'])
    assert error_of(e) == ('IncorrectKeyException',
                           'The key ID in the request does not identify a CMK that can perform this operation.')


def test_re_encrypt_to_the_same_key_by_arn(kms, key):
    blob = kms.encrypt(KeyId=key['KeyId'], Plaintext=b'same')['CiphertextBlob']
    resp = kms.re_encrypt(CiphertextBlob=blob, SourceKeyId=key['Arn'], DestinationKeyId=key['Arn'])
    assert resp['KeyId'] == key['Arn'] and resp['SourceKeyId'] == key['Arn']
    assert resp['CiphertextBlob'] != blob
    assert kms.decrypt(CiphertextBlob=resp['CiphertextBlob'])['Plaintext'] == b'same'


def test_re_encrypt_to_unknown_destination_is_not_found(kms, key):
    blob = kms.encrypt(KeyId=key['KeyId'], Plaintext=b'x')['CiphertextBlob']
    missing = str(uuid.uuid4())
    with pytest.raises(ClientError) as e:
        kms.re_encrypt(CiphertextBlob=blob, DestinationKeyId=missing)
    assert error_of(e) == ('NotFoundException', f"Key '{missing_key_arn(key, missing)}' does not exist")


DRY_RUN = ('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.')


def test_dry_run_on_data_plane_operations(kms, key):
    # item 54: the request is checked in full, then refused with DryRunOperationException
    blob = kms.encrypt(KeyId=key['KeyId'], Plaintext=b'x')['CiphertextBlob']
    calls = {
        'Encrypt': lambda: kms.encrypt(KeyId=key['KeyId'], Plaintext=b'x', DryRun=True),
        'Decrypt': lambda: kms.decrypt(CiphertextBlob=blob, DryRun=True),
        'GenerateDataKey': lambda: kms.generate_data_key(KeyId=key['KeyId'], KeySpec='AES_256', DryRun=True),
        'GenerateDataKeyWithoutPlaintext':
            lambda: kms.generate_data_key_without_plaintext(KeyId=key['KeyId'], KeySpec='AES_256', DryRun=True),
        'ReEncrypt': lambda: kms.re_encrypt(CiphertextBlob=blob, DestinationKeyId=key['KeyId'], DryRun=True),
    }
    for name, call in calls.items():
        with pytest.raises(ClientError) as e:
            call()
        assert error_of(e) == DRY_RUN, name


# --- E. GenerateRandom ---------------------------------------------------------------------------------------


@pytest.mark.parametrize('n', [1, 12, 44, 91, 1024])
def test_generate_random_lengths(kms, n):
    resp = kms.generate_random(NumberOfBytes=n)
    assert len(resp['Plaintext']) == n


def test_generate_random_is_random(kms):
    assert kms.generate_random(NumberOfBytes=32)['Plaintext'] != kms.generate_random(NumberOfBytes=32)['Plaintext']


def test_generate_random_missing_number_of_bytes(kms):
    with pytest.raises(ClientError) as e:
        kms.generate_random()
    assert error_of(e) == validation('NumberOfBytes is required.')


def test_generate_random_zero_bytes(kms_unvalidated):
    with pytest.raises(ClientError) as e:
        kms_unvalidated.generate_random(NumberOfBytes=0)
    assert error_of(e) == validation("1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy "
                                     'constraint: Member must have value greater than or equal to 1')


def test_generate_random_1025_bytes(kms):
    with pytest.raises(ClientError) as e:
        kms.generate_random(NumberOfBytes=1025)
    assert error_of(e) == validation("1 validation error detected: Value '1025' at 'numberOfBytes' failed to "
                                     'satisfy constraint: Member must have value less than or equal to 1024')


# --- O. Authentication ---------------------------------------------------------------------------------------


def test_wrong_secret_is_invalid_signature(make_kms, credentials):
    bad = make_kms(secret_access_key=credentials['aws_secret_access_key'] + 'x')
    with pytest.raises(ClientError) as e:
        bad.list_keys()
    assert error_of(e) == ('InvalidSignatureException', SIGNATURE_MISMATCH)
    assert e.value.response['ResponseMetadata']['HTTPStatusCode'] == 400


def test_unknown_access_key_is_unrecognized_client(make_kms):
    stranger = make_kms(access_key_id='AKIAUNKNOWNKEY000000', secret_access_key='whatever-secret')
    with pytest.raises(ClientError) as e:
        stranger.generate_random(NumberOfBytes=8)
    assert error_of(e) == ('UnrecognizedClientException', 'The security token included in the request is invalid.')


@pytest.mark.parametrize('shift,pattern,sign', [
    (-10, r'Signature expired: (\d{8}T\d{6}Z) is now earlier than (\d{8}T\d{6}Z) \((\d{8}T\d{6}Z) - 5 min\.\)', -1),
    (+10, r'Signature not yet current: (\d{8}T\d{6}Z) is still later than (\d{8}T\d{6}Z) '
          r'\((\d{8}T\d{6}Z) \+ 5 min\.\)', +1),
], ids=['expired', 'not-yet-current'])
def test_signature_outside_the_five_minute_window(make_kms, shift, pattern, sign):
    # botocore 1.43's SigV4Auth takes its timestamp from botocore.auth.get_current_datetime() (naive UTC),
    # so patching that one name signs the request 10 minutes in the past (or future).
    client = make_kms()
    real_now = botocore.auth.get_current_datetime()
    skewed = real_now + datetime.timedelta(minutes=shift)
    with mock.patch('botocore.auth.get_current_datetime', return_value=skewed):
        with pytest.raises(ClientError) as e:
            client.list_keys()
    code, message = error_of(e)
    assert code == 'InvalidSignatureException'
    m = re.fullmatch(pattern, message)
    assert m, message
    assert m.group(1) == skewed.strftime('%Y%m%dT%H%M%SZ')
    parse = lambda s: datetime.datetime.strptime(s, '%Y%m%dT%H%M%SZ')
    limit, server_now = parse(m.group(2)), parse(m.group(3))
    assert limit - server_now == sign * datetime.timedelta(minutes=5)
    assert abs((server_now - real_now).total_seconds()) < 60
    # The same client works again once the clock is real.
    assert 'Keys' in client.list_keys(Limit=1)
