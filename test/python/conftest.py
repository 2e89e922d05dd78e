"""Shared fixtures for the Python client suites (boto3, awscli v1, the seed document's code) against Keyward.

The node wrapper test/e2e/python-clients.test.ts starts a server and runs this suite with:
  KEYWARD_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION=us-east-1, AWS_PAGER='',
  AWS_MAX_ATTEMPTS=1, AWS_RETRY_MODE=standard, AWS_CONFIG_FILE=AWS_SHARED_CREDENTIALS_FILE=/dev/null.
To run it by hand against a running dev server, export the same variables and call
  python3 -m pytest -q -p no:cacheprovider test/python
"""
import json
import os
import subprocess
import sys

import boto3
import pytest
from botocore.config import Config

# seed_code.py sits beside the tests; make it importable whatever pytest's import mode.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

REGION = 'us-east-1'
# Host settings must never leak into the suite: these are also forced on every subprocess and boto3 session.
ISOLATION_ENV = {
    'AWS_CONFIG_FILE': '/dev/null',
    'AWS_SHARED_CREDENTIALS_FILE': '/dev/null',
    'AWS_PAGER': '',
    'AWS_MAX_ATTEMPTS': '1',
    'AWS_RETRY_MODE': 'standard',
    'AWS_DEFAULT_REGION': REGION,
}
LEAKY_ENV = ('AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'AWS_ENDPOINT_URL',
             'AWS_ENDPOINT_URL_KMS', 'AWS_REGION', 'AWS_CA_BUNDLE')

# Exact AWS texts (reference/clients-and-wire.md §1.6 and §2.2).
SIGNATURE_MISMATCH = ('The request signature we calculated does not match the signature you provided. '
                      'Check your AWS Secret Access Key and signing method. Consult the service documentation '
                      'for details.')


def _required(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(f'{name} is not set: run this suite through test/e2e/python-clients.test.ts (npm test) '
                     f'or export KEYWARD_ENDPOINT, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY', pytrace=False)
    return value


@pytest.fixture(scope='session', autouse=True)
def _isolated_aws_env():
    """Session-wide: the host's AWS profile/config/endpoint variables cannot influence boto3 or the CLI."""
    saved = {k: os.environ.get(k) for k in (*ISOLATION_ENV, *LEAKY_ENV)}
    for k in LEAKY_ENV:
        os.environ.pop(k, None)
    os.environ.update(ISOLATION_ENV)
    yield
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(scope='session')
def endpoint():
    return _required('KEYWARD_ENDPOINT').rstrip('/')


@pytest.fixture(scope='session')
def credentials():
    return {'aws_access_key_id': _required('AWS_ACCESS_KEY_ID'),
            'aws_secret_access_key': _required('AWS_SECRET_ACCESS_KEY')}


@pytest.fixture(scope='session')
def make_kms(endpoint, credentials):
    """Factory for boto3 KMS clients on Keyward; keyword overrides for credentials and botocore Config options."""
    def make(access_key_id=None, secret_access_key=None, **config):
        session = boto3.session.Session(
            aws_access_key_id=access_key_id or credentials['aws_access_key_id'],
            aws_secret_access_key=secret_access_key or credentials['aws_secret_access_key'],
            region_name=REGION)
        return session.client('kms', endpoint_url=endpoint, region_name=REGION,
                              config=Config(retries={'max_attempts': 1}, **config))
    return make


@pytest.fixture(scope='session')
def kms(make_kms):
    return make_kms()


@pytest.fixture(scope='session')
def kms_unvalidated(make_kms):
    """A client without botocore's client-side parameter validation, so the server's own checks are reached
    (botocore rejects e.g. an empty blob or NumberOfBytes=0 before sending)."""
    return make_kms(parameter_validation=False)


@pytest.fixture
def seed_env(monkeypatch, endpoint, credentials):
    """For code that calls plain `boto3.client('kms')` (the seed document): everything comes from the environment.
    boto3 >= 1.28 honours AWS_ENDPOINT_URL_KMS."""
    monkeypatch.setenv('AWS_ENDPOINT_URL_KMS', endpoint)
    monkeypatch.setenv('AWS_ACCESS_KEY_ID', credentials['aws_access_key_id'])
    monkeypatch.setenv('AWS_SECRET_ACCESS_KEY', credentials['aws_secret_access_key'])
    monkeypatch.setenv('AWS_DEFAULT_REGION', REGION)
    monkeypatch.setenv('AWS_MAX_ATTEMPTS', '1')


@pytest.fixture(scope='session')
def cli_env(endpoint, credentials):
    env = {k: v for k, v in os.environ.items() if k not in LEAKY_ENV}
    env.update(ISOLATION_ENV)
    env['AWS_ACCESS_KEY_ID'] = credentials['aws_access_key_id']
    env['AWS_SECRET_ACCESS_KEY'] = credentials['aws_secret_access_key']
    return env


@pytest.fixture(scope='session')
def aws_cli(endpoint, cli_env):
    """aws_cli(*args) runs `aws --endpoint-url <endpoint> --region us-east-1 --output json kms <args>`.

    Returns (exit code, parsed JSON stdout) on success and (exit code, stderr text) on failure.
    """
    def run(*args, env=None):
        cmd = ['aws', '--endpoint-url', endpoint, '--region', REGION, '--output', 'json', 'kms', *map(str, args)]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=30, env={**cli_env, **(env or {})})
        if proc.returncode != 0:
            return proc.returncode, proc.stderr
        out = proc.stdout.strip()
        return 0, json.loads(out) if out else None
    return run



# Keyward's extension API through the shipped botocore model (models/keyward, found through AWS_DATA_PATH).
MODELS = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'models'))


@pytest.fixture(scope='session')
def models_path():
    """The directory to put in AWS_DATA_PATH for `boto3.client('keyward')` and `aws keyward`."""
    return MODELS


@pytest.fixture(scope='session')
def make_client(endpoint, credentials):
    """make_client(service, access_key_id=None, secret=None): a kms, iam or keyward client on Keyward, one attempt."""
    mp = pytest.MonkeyPatch()
    mp.setenv('AWS_DATA_PATH', MODELS)

    def make(service, access_key_id=None, secret_access_key=None):
        session = boto3.session.Session(region_name=REGION,
                                        aws_access_key_id=access_key_id or credentials['aws_access_key_id'],
                                        aws_secret_access_key=secret_access_key or credentials['aws_secret_access_key'])
        return session.client(service, endpoint_url=endpoint, config=Config(retries={'max_attempts': 1}))
    yield make
    mp.undo()


@pytest.fixture(scope='session')
def keyward(make_client):
    """The administrator's client of Keyward's extension API."""
    return make_client('keyward')


@pytest.fixture(scope='session')
def advance(endpoint, credentials):
    """advance(seconds) moves a --test-clock server's clock (POST /_keyward/clock, SigV4 as the administrator) and
    returns its new time in epoch seconds, once every job that fell due has run (docs/extension-api.md)."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    import urllib.request
    creds = Credentials(credentials['aws_access_key_id'], credentials['aws_secret_access_key'])

    def move(seconds):
        body = json.dumps({'advanceSeconds': seconds}).encode()
        request = AWSRequest(method='POST', url=endpoint + '/_keyward/clock', data=body, headers={'Content-Type': 'application/json'})
        SigV4Auth(creds, 'kms', REGION).add_auth(request)
        prepared = request.prepare()
        with urllib.request.urlopen(urllib.request.Request(prepared.url, data=body, method='POST',
                                                           headers=dict(prepared.headers)), timeout=60) as res:
            assert res.status == 200
            return json.loads(res.read())['now']
    return move
