"""awscli v1 (1.45, pip) against Keyward: the same symmetric story through the `aws kms` command line.

v1 takes `--plaintext hello` as raw text, prints blobs as base64, and reads binary input from `fileb://`.
On a service error it exits non-zero (v2 uses 254, v1 255) and prints
`An error occurred (<Code>) when calling the <Op> operation: <message>` on stderr.
"""
import base64
import re
import subprocess
import time
import uuid

import pytest

UUID_RE = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')


def b64(text):
    return base64.b64decode(text, validate=True)


def ok(result):
    code, out = result
    assert code == 0, out
    return out


def failed(result, code_name, operation):
    """Asserts a service error and returns its message ('' when the server sent none).

    v1 with AWS_MAX_ATTEMPTS set adds ' (reached max retries: 0)' after the operation name.
    """
    code, err = result
    assert code != 0, f'expected {code_name}, got success: {err}'
    m = re.search(rf'An error occurred \({code_name}\) when calling the {operation} operation'
                  rf'(?: \(reached max retries: \d+\))?: ?(.*)$', err.strip(), re.MULTILINE)
    assert m, err
    return m.group(1)


@pytest.fixture(scope='module')
def cli_key(aws_cli):
    return ok(aws_cli('create-key', '--description', 'cli demo'))['KeyMetadata']


@pytest.fixture(scope='module')
def cli_other_key(aws_cli):
    return ok(aws_cli('create-key'))['KeyMetadata']


@pytest.fixture
def blob_file(tmp_path):
    """Writes a base64 blob from CLI output to a file and returns its fileb:// URL."""
    def write(b64_text, name='ct.bin'):
        path = tmp_path / name
        path.write_bytes(b64(b64_text))
        return f'fileb://{path}'
    return write


def test_create_key(cli_key):
    md = cli_key
    assert UUID_RE.match(md['KeyId'])
    assert md['Arn'].endswith(':key/' + md['KeyId'])
    assert md['Arn'].startswith('arn:aws:kms:us-east-1:')
    assert md['Description'] == 'cli demo'
    assert md['KeyState'] == 'Enabled' and md['Enabled'] is True
    assert md['KeySpec'] == 'SYMMETRIC_DEFAULT' and md['KeyUsage'] == 'ENCRYPT_DECRYPT'
    assert md['EncryptionAlgorithms'] == ['SYMMETRIC_DEFAULT']
    # v1 prints the wire's epoch-seconds timestamp as a number.
    assert isinstance(md['CreationDate'], (int, float)) and abs(md['CreationDate'] - time.time()) < 120


def test_describe_key(aws_cli, cli_key):
    md = ok(aws_cli('describe-key', '--key-id', cli_key['Arn']))['KeyMetadata']
    assert md['KeyId'] == cli_key['KeyId'] and md['Arn'] == cli_key['Arn']
    assert md['Description'] == 'cli demo'


def test_list_keys(aws_cli, cli_key, cli_other_key):
    out = ok(aws_cli('list-keys'))
    ids = {k['KeyId'] for k in out['Keys']}
    assert {cli_key['KeyId'], cli_other_key['KeyId']} <= ids
    assert all(k['KeyArn'].endswith(':key/' + k['KeyId']) for k in out['Keys'])


def test_list_keys_paginates_with_page_size(aws_cli, cli_key):
    # The CLI follows NextMarker itself; --page-size 1 forces one request per key.
    everything = {k['KeyId'] for k in ok(aws_cli('list-keys'))['Keys']}
    paged = ok(aws_cli('list-keys', '--page-size', '1'))['Keys']
    assert len(paged) == len({k['KeyId'] for k in paged})
    assert everything <= {k['KeyId'] for k in paged}


def test_encrypt_decrypt_with_context(aws_cli, cli_key, blob_file):
    enc = ok(aws_cli('encrypt', '--key-id', cli_key['KeyId'], '--plaintext', 'hello',
                     '--encryption-context', 'purpose=demo'))
    assert enc['KeyId'] == cli_key['Arn']
    assert enc['EncryptionAlgorithm'] == 'SYMMETRIC_DEFAULT'
    ct = blob_file(enc['CiphertextBlob'])
    dec = ok(aws_cli('decrypt', '--ciphertext-blob', ct, '--encryption-context', 'purpose=demo'))
    assert b64(dec['Plaintext']) == b'hello'
    assert dec['KeyId'] == cli_key['Arn']
    assert dec['EncryptionAlgorithm'] == 'SYMMETRIC_DEFAULT'

    # Wrong context and missing context: InvalidCiphertextException, which AWS sends without a message.
    for extra in (['--encryption-context', 'purpose=other'], []):
        message = failed(aws_cli('decrypt', '--ciphertext-blob', ct, *extra), 'InvalidCiphertextException', 'Decrypt')
        assert message == ''



def test_encrypt_decrypt_without_context(aws_cli, cli_key, blob_file):
    enc = ok(aws_cli('encrypt', '--key-id', cli_key['Arn'], '--plaintext', 'no context here'))
    ct = blob_file(enc['CiphertextBlob'])
    dec = ok(aws_cli('decrypt', '--ciphertext-blob', ct, '--key-id', cli_key['KeyId']))
    assert b64(dec['Plaintext']) == b'no context here'


def test_decrypt_text_output_pipeline(aws_cli, cli_key, tmp_path, endpoint, cli_env):
    """The documented shell recipe: --query CiphertextBlob --output text | base64 -d > ct.bin, then fileb://."""
    ct = tmp_path / 'ct.bin'
    base = f'aws --endpoint-url {endpoint} --region us-east-1 kms'
    script = (f'set -euo pipefail; {base} encrypt --key-id {cli_key["KeyId"]} --plaintext hello '
              f'--encryption-context purpose=demo --query CiphertextBlob --output text | base64 -d > {ct}; '
              f'{base} decrypt --ciphertext-blob fileb://{ct} --encryption-context purpose=demo '
              f'--query Plaintext --output text | base64 -d')
    proc = subprocess.run(['bash', '-c', script], capture_output=True, text=True, env=cli_env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == 'hello'


@pytest.mark.parametrize('args,length', [(['--key-spec', 'AES_256'], 32), (['--number-of-bytes', '64'], 64)],
                         ids=['AES_256', 'n64'])
def test_generate_data_key(aws_cli, cli_key, blob_file, args, length):
    out = ok(aws_cli('generate-data-key', '--key-id', cli_key['KeyId'], *args,
                     '--encryption-context', 'purpose=demo'))
    assert out['KeyId'] == cli_key['Arn']
    plaintext = b64(out['Plaintext'])
    assert len(plaintext) == length
    dec = ok(aws_cli('decrypt', '--ciphertext-blob', blob_file(out['CiphertextBlob']),
                     '--encryption-context', 'purpose=demo'))
    assert b64(dec['Plaintext']) == plaintext


def test_generate_data_key_without_plaintext(aws_cli, cli_key, blob_file):
    out = ok(aws_cli('generate-data-key-without-plaintext', '--key-id', cli_key['KeyId'], '--key-spec', 'AES_128'))
    assert 'Plaintext' not in out
    assert out['KeyId'] == cli_key['Arn']
    dec = ok(aws_cli('decrypt', '--ciphertext-blob', blob_file(out['CiphertextBlob'])))
    assert len(b64(dec['Plaintext'])) == 16


def test_re_encrypt(aws_cli, cli_key, cli_other_key, blob_file):
    enc = ok(aws_cli('encrypt', '--key-id', cli_key['KeyId'], '--plaintext', 'rotate me',
                     '--encryption-context', 'purpose=demo'))
    out = ok(aws_cli('re-encrypt', '--ciphertext-blob', blob_file(enc['CiphertextBlob'], 'src.bin'),
                     '--source-encryption-context', 'purpose=demo',
                     '--destination-key-id', cli_other_key['KeyId']))
    assert out['KeyId'] == cli_other_key['Arn']
    assert out['SourceKeyId'] == cli_key['Arn']
    assert out['SourceEncryptionAlgorithm'] == 'SYMMETRIC_DEFAULT'
    assert out['DestinationEncryptionAlgorithm'] == 'SYMMETRIC_DEFAULT'
    dec = ok(aws_cli('decrypt', '--ciphertext-blob', blob_file(out['CiphertextBlob'], 'dst.bin')))
    assert b64(dec['Plaintext']) == b'rotate me'
    assert dec['KeyId'] == cli_other_key['Arn']


def test_generate_random(aws_cli):
    out = ok(aws_cli('generate-random', '--number-of-bytes', '16'))
    assert len(b64(out['Plaintext'])) == 16


def test_generate_random_too_many_bytes_is_validation_error(aws_cli):
    message = failed(aws_cli('generate-random', '--number-of-bytes', '2000'), 'ValidationException', 'GenerateRandom')
    assert message == ("1 validation error detected: Value '2000' at 'numberOfBytes' failed to satisfy "
                         'constraint: Member must have value less than or equal to 1024')


def test_unknown_key_is_not_found(aws_cli, cli_key):
    missing = str(uuid.uuid4())
    arn = cli_key['Arn'].rsplit('/', 1)[0] + '/' + missing
    assert failed(aws_cli('describe-key', '--key-id', missing), 'NotFoundException', 'DescribeKey') == \
        f"Key '{arn}' does not exist"
    assert failed(aws_cli('encrypt', '--key-id', missing, '--plaintext', 'x'), 'NotFoundException', 'Encrypt') == \
        f"Key '{arn}' does not exist"


def test_wrong_secret_is_invalid_signature(aws_cli):
    message = failed(aws_cli('list-keys', env={'AWS_SECRET_ACCESS_KEY': 'not-the-secret'}),
                     'InvalidSignatureException', 'ListKeys')
    assert message == ('The request signature we calculated does not match the signature you provided. '
                       'Check your AWS Secret Access Key and signing method. Consult the service documentation '
                       'for details.')
