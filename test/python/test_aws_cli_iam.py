"""The aws CLI (awscli v1) for identities against Keyward, with only --endpoint-url changed: the administrator
creates a user and its access key (`aws iam create-user`, `aws iam create-access-key`), the new user's key signs
`aws sts get-caller-identity` and gets that user's ARN, an inline policy from a file:// document lets the user list
keys and nothing more, and a role is assumed with `aws sts assume-role` (issue 10's done-when).
"""
import json
import subprocess
import uuid

REGION = 'us-east-1'


def cli(endpoint, env, service, *args, creds=None):
    run_env = dict(env)
    if creds:
        run_env['AWS_ACCESS_KEY_ID'] = creds['AccessKeyId']
        run_env['AWS_SECRET_ACCESS_KEY'] = creds['SecretAccessKey']
        if creds.get('SessionToken'):
            run_env['AWS_SESSION_TOKEN'] = creds['SessionToken']
    cmd = ['aws', '--endpoint-url', endpoint, '--region', REGION, '--output', 'json', service, *map(str, args)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=30, env=run_env)
    if proc.returncode != 0:
        return proc.returncode, proc.stderr
    out = proc.stdout.strip()
    return 0, json.loads(out) if out else None


def ok(result):
    code, out = result
    assert code == 0, out
    return out


def test_create_user_access_key_and_caller_identity(endpoint, cli_env, tmp_path):
    name = f'cli-{uuid.uuid4().hex[:8]}'
    user = ok(cli(endpoint, cli_env, 'iam', 'create-user', '--user-name', name, '--path', '/cli/'))['User']
    assert user['UserName'] == name and user['Arn'] == f'arn:aws:iam::111122223333:user/cli/{name}'
    assert user['UserId'].startswith('AIDA')
    key = ok(cli(endpoint, cli_env, 'iam', 'create-access-key', '--user-name', name))['AccessKey']
    assert key['AccessKeyId'].startswith('AKIA') and len(key['SecretAccessKey']) == 40 and key['Status'] == 'Active'
    me = ok(cli(endpoint, cli_env, 'sts', 'get-caller-identity', creds=key))
    assert me == {'UserId': user['UserId'], 'Account': '111122223333', 'Arn': user['Arn']}
    admin = ok(cli(endpoint, cli_env, 'sts', 'get-caller-identity'))
    assert admin['Arn'] == 'arn:aws:iam::111122223333:user/keyward-admin'
    listed = ok(cli(endpoint, cli_env, 'iam', 'list-users', '--path-prefix', '/cli/'))['Users']
    assert name in [u['UserName'] for u in listed]

    # No policy yet: the new user may do nothing.
    code, err = cli(endpoint, cli_env, 'kms', 'list-keys', creds=key)
    assert code != 0 and 'AccessDeniedException' in err and 'no identity-based policy allows the kms:ListKeys action' in err
    policy = tmp_path / 'policy.json'
    policy.write_text(json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'kms:ListKeys', 'Resource': '*'}]}))
    ok(cli(endpoint, cli_env, 'iam', 'put-user-policy', '--user-name', name, '--policy-name', 'list', '--policy-document', f'file://{policy}'))
    got = ok(cli(endpoint, cli_env, 'iam', 'get-user-policy', '--user-name', name, '--policy-name', 'list'))
    assert got['PolicyDocument']['Statement'][0]['Action'] == 'kms:ListKeys'  # decoded from IAM's URL encoding
    assert 'Keys' in ok(cli(endpoint, cli_env, 'kms', 'list-keys', creds=key))
    code, err = cli(endpoint, cli_env, 'kms', 'create-key', creds=key)
    assert code != 0 and 'AccessDeniedException' in err


def test_assume_role_with_the_cli(endpoint, cli_env, tmp_path):
    role = f'cli-role-{uuid.uuid4().hex[:6]}'
    trust = tmp_path / 'trust.json'
    trust.write_text(json.dumps({'Version': '2012-10-17', 'Statement': [{
        'Effect': 'Allow', 'Principal': {'AWS': 'arn:aws:iam::111122223333:root'}, 'Action': 'sts:AssumeRole'}]}))
    created = ok(cli(endpoint, cli_env, 'iam', 'create-role', '--role-name', role, '--assume-role-policy-document', f'file://{trust}'))['Role']
    assert created['AssumeRolePolicyDocument']['Statement'][0]['Action'] == 'sts:AssumeRole'
    out = ok(cli(endpoint, cli_env, 'sts', 'assume-role', '--role-arn', created['Arn'], '--role-session-name', 'cli-session',
                 '--duration-seconds', '900'))
    creds = out['Credentials']
    assert creds['AccessKeyId'].startswith('ASIA') and creds['SessionToken']
    assert out['AssumedRoleUser']['Arn'] == f'arn:aws:sts::111122223333:assumed-role/{role}/cli-session'
    me = ok(cli(endpoint, cli_env, 'sts', 'get-caller-identity', creds=creds))
    assert me['Arn'] == f'arn:aws:sts::111122223333:assumed-role/{role}/cli-session'
    # A role that trusts only a service: the administrator's own permissions do not let it in.
    trust.write_text(json.dumps({'Version': '2012-10-17', 'Statement': [{
        'Effect': 'Allow', 'Principal': {'Service': 'ec2.amazonaws.com'}, 'Action': 'sts:AssumeRole'}]}))
    ec2 = ok(cli(endpoint, cli_env, 'iam', 'create-role', '--role-name', role + '-ec2', '--assume-role-policy-document', f'file://{trust}'))['Role']
    code, err = cli(endpoint, cli_env, 'sts', 'assume-role', '--role-arn', ec2['Arn'], '--role-session-name', 'nope')
    assert code != 0 and 'AccessDenied' in err and 'sts:AssumeRole' in err
