"""Keyward's harness around moto's own KMS tests (tests/, pinned from getmoto/moto 5.2.1, Apache-2.0; see README.md).

moto's tests run here in moto's *server mode* (moto/core/models.py ServerModeMockAWS): `@mock_aws` does not mock
anything in-process, it only sets fake credentials in the environment and makes boto3.client() default its
endpoint_url to TEST_SERVER_MODE_ENDPOINT. So every KMS call of every test goes over HTTP to the server under test.
This file makes that honest:
  * it refuses to run unless TEST_SERVER_MODE=true and an endpoint are set (otherwise moto would mock in-process and
    the tests would pass against moto's own backend without touching the server under test);
  * it lengthens moto's fake credentials (FOOBARKEY/FOOBARSECRET, shorter than the 16 characters AWS requires of an
    access key id) to the pair the runner gave the server, MOTO_SUITE_ACCESS_KEY_ID/MOTO_SUITE_SECRET_ACCESS_KEY;
  * it points AWS_ENDPOINT_URL at the server too, so a client created outside `mock_aws` can never reach real AWS;
  * with MOTO_SUITE_SINGLE_REGION=<region> (runner flag --single-region) every client is made for that one Region
    whatever the test asked: a diagnostic run that shows what lies beneath the Region refusals of a server serving one
    Region (docs/moto-suite.md reports it separately from the real run).
"""
import os

import pytest

_REQUIRED = ('TEST_SERVER_MODE_ENDPOINT', 'MOTO_SUITE_ACCESS_KEY_ID', 'MOTO_SUITE_SECRET_ACCESS_KEY')


def pytest_configure(config):
    if os.environ.get('TEST_SERVER_MODE', '').lower() != 'true':
        raise pytest.UsageError('set TEST_SERVER_MODE=true: run this suite with `npm run test:moto`')
    missing = [name for name in _REQUIRED if not os.environ.get(name)]
    if missing:
        raise pytest.UsageError(f'{", ".join(missing)} not set: run this suite with `npm run test:moto`')
    if os.environ.get('MOTO_CALL_RESET_API', '').lower() != 'false':
        raise pytest.UsageError('set MOTO_CALL_RESET_API=false: the server under test has no /moto-api/reset')
    # Nothing from the host's AWS configuration may redirect or re-sign the calls.
    for name in ('AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN',
                 'AWS_ENDPOINT_URL_KMS', 'AWS_CA_BUNDLE'):
        os.environ.pop(name, None)
    os.environ.update({'AWS_CONFIG_FILE': '/dev/null', 'AWS_SHARED_CREDENTIALS_FILE': '/dev/null',
                       'AWS_ENDPOINT_URL': os.environ['TEST_SERVER_MODE_ENDPOINT'],
                       'AWS_MAX_ATTEMPTS': '1', 'AWS_RETRY_MODE': 'standard'})
    _lengthen_fake_credentials()
    if os.environ.get('MOTO_SUITE_SINGLE_REGION'):
        _pin_region(os.environ['MOTO_SUITE_SINGLE_REGION'])


def _lengthen_fake_credentials():
    from moto.core.models import MockAWS

    original_init = MockAWS.__init__

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self._fake_creds = {'AWS_ACCESS_KEY_ID': os.environ['MOTO_SUITE_ACCESS_KEY_ID'],
                            'AWS_SECRET_ACCESS_KEY': os.environ['MOTO_SUITE_SECRET_ACCESS_KEY']}

    MockAWS.__init__ = init


def _pin_region(region):
    import botocore.session

    original_create_client = botocore.session.Session.create_client

    def create_client(self, service_name, region_name=None, *args, **kwargs):
        return original_create_client(self, service_name, region, *args, **kwargs)

    botocore.session.Session.create_client = create_client


def pytest_runtest_logreport(report):
    """Records each failing test's node id (MOTO_SUITE_FAILED_FILE), for the runner's --isolate re-runs."""
    path = os.environ.get('MOTO_SUITE_FAILED_FILE')
    if path and report.failed:
        with open(path, 'a', encoding='utf-8') as out:
            out.write(report.nodeid + '\n')
