"""Authorization with boto3, as a second user meets it: IAM users and policies, an encryption-context condition, an
explicit deny in a key policy, a grant, an inactive access key, AssumeRole with a session policy, the lockout check.
Names carry a random suffix: the suite shares one server with the other boto3 tests."""
import json
import uuid

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

REGION = 'us-east-1'
ACCOUNT = '111122223333'


def policy(*statements):
    return json.dumps({'Version': '2012-10-17', 'Statement': list(statements)})


def code(err):
    return err.value.response['Error']['Code']


def message(err):
    return err.value.response['Error']['Message']


@pytest.fixture(scope='module')
def clients(endpoint, credentials):
    def make(service, access_key_id=None, secret_access_key=None, session_token=None):
        return boto3.client(service, endpoint_url=endpoint, region_name=REGION,
                            aws_access_key_id=access_key_id or credentials['aws_access_key_id'],
                            aws_secret_access_key=secret_access_key or credentials['aws_secret_access_key'],
                            aws_session_token=session_token, config=Config(retries={'max_attempts': 1}))
    return make


@pytest.fixture(scope='module')
def admin(clients):
    return {'kms': clients('kms'), 'iam': clients('iam'), 'sts': clients('sts')}


@pytest.fixture(scope='module')
def new_user(admin, clients):
    def make(prefix):
        name = f'{prefix}-{uuid.uuid4().hex[:8]}'
        admin['iam'].create_user(UserName=name)
        key = admin['iam'].create_access_key(UserName=name)['AccessKey']
        as_user = {s: clients(s, key['AccessKeyId'], key['SecretAccessKey']) for s in ('kms', 'iam', 'sts')}
        return name, f'arn:aws:iam::{ACCOUNT}:user/{name}', key, as_user
    return make


def test_a_new_user_has_no_permission_until_a_policy_grants_it(admin, new_user):
    name, arn, _, user = new_user('dana')
    key = admin['kms'].create_key()['KeyMetadata']
    with pytest.raises(ClientError) as err:
        user['kms'].encrypt(KeyId=key['KeyId'], Plaintext=b'x')
    assert code(err) == 'AccessDeniedException'
    assert message(err) == (f"User: {arn} is not authorized to perform: kms:Encrypt on resource: {key['Arn']} "
                            f"because no identity-based policy allows the kms:Encrypt action")
    admin['iam'].put_user_policy(UserName=name, PolicyName='ctx', PolicyDocument=policy({
        'Effect': 'Allow', 'Action': 'kms:Encrypt', 'Resource': key['Arn'],
        'Condition': {'StringEquals': {'kms:EncryptionContext:app': 'billing'}}}))
    assert user['kms'].encrypt(KeyId=key['KeyId'], Plaintext=b'x', EncryptionContext={'app': 'billing'})['KeyId'] == key['Arn']
    with pytest.raises(ClientError) as err:
        user['kms'].encrypt(KeyId=key['KeyId'], Plaintext=b'x')
    assert code(err) == 'AccessDeniedException'
    with pytest.raises(ClientError) as err:
        user['iam'].list_users()
    assert code(err) == 'AccessDenied'
    assert 'iam:ListUsers' in message(err)
    assert user['sts'].get_caller_identity()['Arn'] == arn  # needs no permission


def test_an_explicit_deny_in_the_key_policy_wins(admin, new_user):
    name, arn, _, user = new_user('erin')
    admin['iam'].attach_user_policy(UserName=name, PolicyArn='arn:aws:iam::aws:policy/AdministratorAccess')
    key = admin['kms'].create_key()['KeyMetadata']
    user['kms'].encrypt(KeyId=key['KeyId'], Plaintext=b'x')
    default = {'Sid': 'Enable IAM User Permissions', 'Effect': 'Allow', 'Principal': {'AWS': f'arn:aws:iam::{ACCOUNT}:root'},
               'Action': 'kms:*', 'Resource': '*'}
    deny = {'Effect': 'Deny', 'Principal': {'AWS': arn}, 'Action': ['kms:Encrypt', 'kms:Decrypt'], 'Resource': '*'}
    admin['kms'].put_key_policy(KeyId=key['KeyId'], PolicyName='default', Policy=policy(default, deny))
    with pytest.raises(ClientError) as err:
        user['kms'].encrypt(KeyId=key['KeyId'], Plaintext=b'x')
    assert message(err).endswith('with an explicit deny in a resource-based policy')


def test_a_grant_allows_until_it_is_revoked(admin, new_user):
    _, arn, _, user = new_user('frank')
    key = admin['kms'].create_key()['KeyMetadata']
    blob = admin['kms'].encrypt(KeyId=key['KeyId'], Plaintext=b'secret')['CiphertextBlob']
    grant = admin['kms'].create_grant(KeyId=key['KeyId'], GranteePrincipal=arn, Operations=['Decrypt'])
    assert user['kms'].decrypt(CiphertextBlob=blob)['Plaintext'] == b'secret'
    admin['kms'].revoke_grant(KeyId=key['KeyId'], GrantId=grant['GrantId'])
    with pytest.raises(ClientError) as err:
        user['kms'].decrypt(CiphertextBlob=blob)
    assert code(err) == 'AccessDeniedException'


def test_an_inactive_access_key_is_refused(admin, new_user):
    name, _, key, user = new_user('gina')
    user['sts'].get_caller_identity()
    admin['iam'].update_access_key(UserName=name, AccessKeyId=key['AccessKeyId'], Status='Inactive')
    with pytest.raises(ClientError) as err:
        user['kms'].list_keys()
    assert code(err) == 'UnrecognizedClientException'
    with pytest.raises(ClientError) as err:
        user['sts'].get_caller_identity()
    assert code(err) == 'InvalidClientTokenId'


def test_assume_role_with_a_session_policy_narrows_the_role(admin, new_user, clients):
    name, arn, _, user = new_user('hank')
    role = f'reader-{uuid.uuid4().hex[:8]}'
    role_arn = admin['iam'].create_role(RoleName=role, AssumeRolePolicyDocument=policy(
        {'Effect': 'Allow', 'Principal': {'AWS': f'arn:aws:iam::{ACCOUNT}:root'}, 'Action': 'sts:AssumeRole'}))['Role']['Arn']
    admin['iam'].put_role_policy(RoleName=role, PolicyName='kms', PolicyDocument=policy(
        {'Effect': 'Allow', 'Action': ['kms:Decrypt', 'kms:DescribeKey'], 'Resource': '*'}))
    # The trust policy names the account: hank also needs sts:AssumeRole in his own policies.
    with pytest.raises(ClientError) as err:
        user['sts'].assume_role(RoleArn=role_arn, RoleSessionName='first-try')
    assert code(err) == 'AccessDenied'
    admin['iam'].put_user_policy(UserName=name, PolicyName='assume', PolicyDocument=policy(
        {'Effect': 'Allow', 'Action': 'sts:AssumeRole', 'Resource': role_arn}))
    key = admin['kms'].create_key()['KeyMetadata']
    blob = admin['kms'].encrypt(KeyId=key['KeyId'], Plaintext=b'p')['CiphertextBlob']
    creds = user['sts'].assume_role(RoleArn=role_arn, RoleSessionName='narrow', Policy=policy(
        {'Effect': 'Allow', 'Action': 'kms:DescribeKey', 'Resource': '*'}))['Credentials']
    session = clients('kms', creds['AccessKeyId'], creds['SecretAccessKey'], creds['SessionToken'])
    assert session.describe_key(KeyId=key['KeyId'])['KeyMetadata']['Arn'] == key['Arn']
    with pytest.raises(ClientError) as err:
        session.decrypt(CiphertextBlob=blob)  # the role could, the session policy does not
    assert code(err) == 'AccessDeniedException'
    assert 'session policy' in message(err)


def test_a_key_policy_that_would_lock_out_the_caller_is_refused(admin):
    key = admin['kms'].create_key()['KeyMetadata']
    nobody_else = policy({'Effect': 'Allow', 'Principal': {'AWS': f'arn:aws:iam::{ACCOUNT}:root'}, 'Action': 'kms:Encrypt', 'Resource': '*'})
    with pytest.raises(ClientError) as err:
        admin['kms'].put_key_policy(KeyId=key['KeyId'], PolicyName='default', Policy=nobody_else)
    assert code(err) == 'MalformedPolicyDocumentException'
    assert message(err) == 'The new key policy will not allow you to update the key policy in the future.'
