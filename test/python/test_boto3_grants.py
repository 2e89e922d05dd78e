"""boto3 against Keyward: grants, as the checklist's section I (items 79-86) in
/work/shared/reference/clients-and-wire.md records AWS KMS behaving.
"""
import re
import uuid

import pytest
from botocore.exceptions import ClientError

HEX64 = re.compile(r'^[0-9a-f]{64}$')
ACCOUNT = '111122223333'
GRANTEE = f'arn:aws:iam::{ACCOUNT}:role/boto3-grantee'


def error_of(excinfo):
    err = excinfo.value.response['Error']
    return err.get('Code'), err.get('Message')


@pytest.fixture
def key(kms):
    return kms.create_key(Description='boto3 grants')['KeyMetadata']


def grant(kms, key_id, **extra):
    params = {'KeyId': key_id, 'GranteePrincipal': GRANTEE, 'Operations': ['Encrypt', 'Decrypt'], **extra}
    return kms.create_grant(**params)


def test_create_grant_returns_id_and_token_and_the_list_grows(kms, key):
    """Item 79."""
    assert kms.list_grants(KeyId=key['KeyId'])['Grants'] == []
    out = grant(kms, key['KeyId'])
    assert HEX64.match(out['GrantId'])
    assert isinstance(out['GrantToken'], str) and 0 < len(out['GrantToken']) <= 8192
    listed = kms.list_grants(KeyId=key['KeyId'])
    assert [g['GrantId'] for g in listed['Grants']] == [out['GrantId']]
    assert listed['Truncated'] is False
    assert 'NextMarker' not in listed


def test_same_name_on_two_keys(kms):
    """Item 80."""
    a = kms.create_key()['KeyMetadata']['KeyId']
    b = kms.create_key()['KeyMetadata']['KeyId']
    ga = grant(kms, a, Name='same-name')['GrantId']
    gb = grant(kms, b, Name='same-name')['GrantId']
    assert ga != gb
    assert [g['GrantId'] for g in kms.list_grants(KeyId=a)['Grants']] == [ga]
    assert [g['GrantId'] for g in kms.list_grants(KeyId=b)['Grants']] == [gb]


def test_list_entry_members_and_grant_id_filter(kms, key):
    """Item 81: KeyId (ARN), GrantId, Name only when given, GranteePrincipal, Operations, Constraints."""
    named = grant(kms, key['KeyId'], Name='with-context',
                  Constraints={'EncryptionContextSubset': {'Department': 'IT'}})
    unnamed = grant(kms, key['KeyId'])
    entries = {g['GrantId']: g for g in kms.list_grants(KeyId=key['Arn'])['Grants']}
    e = entries[named['GrantId']]
    assert e['KeyId'] == key['Arn']
    assert e['Name'] == 'with-context'
    assert e['GranteePrincipal'] == GRANTEE
    assert e['Operations'] == ['Encrypt', 'Decrypt']
    assert e['Constraints'] == {'EncryptionContextSubset': {'Department': 'IT'}}
    assert e['IssuingAccount'] == f'arn:aws:iam::{ACCOUNT}:root'
    assert 'CreationDate' in e
    assert 'Name' not in entries[unnamed['GrantId']]
    assert 'Constraints' not in entries[unnamed['GrantId']]
    only = kms.list_grants(KeyId=key['KeyId'], GrantId=named['GrantId'])['Grants']
    assert [g['GrantId'] for g in only] == [named['GrantId']]
    assert kms.list_grants(KeyId=key['KeyId'], GrantId='0' * 64)['Grants'] == []


def test_list_grants_paginator_walks_every_page(kms, key):
    ids = [grant(kms, key['KeyId'])['GrantId'] for _ in range(5)]
    pages = list(kms.get_paginator('list_grants').paginate(KeyId=key['KeyId'], PaginationConfig={'PageSize': 2}))
    assert [len(p['Grants']) for p in pages] == [2, 2, 1]
    assert [g['GrantId'] for p in pages for g in p['Grants']] == ids


def test_revoke_grant_and_unknown_grant(kms, key):
    """Item 82."""
    g = grant(kms, key['KeyId'])
    kms.revoke_grant(KeyId=key['KeyId'], GrantId=g['GrantId'])
    assert kms.list_grants(KeyId=key['KeyId'])['Grants'] == []
    with pytest.raises(ClientError) as e:
        kms.revoke_grant(KeyId=key['KeyId'], GrantId=g['GrantId'])
    assert error_of(e)[0] == 'NotFoundException'


def test_retire_grant_by_token_and_by_key_arn_and_id(kms, key):
    """Item 83."""
    by_token = grant(kms, key['KeyId'])
    by_id = grant(kms, key['KeyId'])
    kms.retire_grant(GrantToken=by_token['GrantToken'])
    kms.retire_grant(KeyId=key['Arn'], GrantId=by_id['GrantId'])
    assert kms.list_grants(KeyId=key['KeyId'])['Grants'] == []
    with pytest.raises(ClientError) as e:
        kms.retire_grant(GrantToken='not-a-token')
    assert error_of(e)[0] == 'InvalidGrantTokenException'


def test_list_retirable_grants(kms):
    """Item 84."""
    retirer = f'arn:aws:iam::{ACCOUNT}:role/retirer-{uuid.uuid4().hex[:8]}'
    key_id = kms.create_key()['KeyMetadata']['KeyId']
    mine = grant(kms, key_id, RetiringPrincipal=retirer)['GrantId']
    grant(kms, key_id, RetiringPrincipal=f'arn:aws:iam::{ACCOUNT}:role/someone-else')
    listed = kms.list_retirable_grants(RetiringPrincipal=retirer)
    assert [g['GrantId'] for g in listed['Grants']] == [mine]
    assert listed['Grants'][0]['RetiringPrincipal'] == retirer
    assert listed['Truncated'] is False


def test_invalid_key(kms):
    """Item 85."""
    missing = str(uuid.uuid4())
    with pytest.raises(ClientError) as e:
        grant(kms, missing)
    assert error_of(e) == ('NotFoundException', f"Key 'arn:aws:kms:us-east-1:{ACCOUNT}:key/{missing}' does not exist")
    with pytest.raises(ClientError) as e:
        kms.list_grants(KeyId=missing)
    assert error_of(e)[0] == 'NotFoundException'
    with pytest.raises(ClientError) as e:
        grant(kms, 'alias/whatever')
    assert error_of(e) == ('NotFoundException', "Invalid keyId 'alias/whatever'")


def test_grant_tokens_accepted_on_sign_and_verify(kms):
    """Item 86."""
    key_id = kms.create_key(KeySpec='ECC_NIST_P256', KeyUsage='SIGN_VERIFY')['KeyMetadata']['KeyId']
    token = grant(kms, key_id, Operations=['Sign', 'Verify'])['GrantToken']
    sig = kms.sign(KeyId=key_id, Message=b'm', SigningAlgorithm='ECDSA_SHA_256', GrantTokens=[token])['Signature']
    ok = kms.verify(KeyId=key_id, Message=b'm', Signature=sig, SigningAlgorithm='ECDSA_SHA_256', GrantTokens=[token])
    assert ok['SignatureValid'] is True


def test_operations_must_suit_the_key_and_dry_run(kms, key):
    with pytest.raises(ClientError) as e:
        grant(kms, key['KeyId'], Operations=['Sign'])
    assert error_of(e)[0] == 'ValidationException'
    with pytest.raises(ClientError) as e:
        grant(kms, key['KeyId'], DryRun=True)
    assert error_of(e) == ('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.')
    assert kms.list_grants(KeyId=key['KeyId'])['Grants'] == []
