"""Issue 13's destruction scenarios through boto3 and the shipped botocore model, on the test-clock server (dev mode,
where the destruction pre-flight is off by default: the scenario turns it on for its key with PutDestructionPreflight).

A key used yesterday cannot be scheduled for deletion; after its ciphertext is re-encrypted to another key and a scan
reports none left, it can; after the waiting period the receipt verifies offline with `keyward receipt verify`, a byte
search of the SQLite files (main, WAL, WAL index) finds neither the imported material nor its sealed bytes, and a
receipt with one changed byte fails. The material appears in no error and no audit event."""
import base64
import json
import os
import sqlite3
import subprocess

import pytest
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from test_boto3_keyward_clock import DAY, error

DATA_DIR = os.environ.get('KEYWARD_TEST_DATA_DIR', '')
NODE = os.environ.get('KEYWARD_TEST_NODE', 'node')
CLI = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'dist', 'src', 'cli', 'main.js'))
DB_FILES = ('keyward.db', 'keyward.db-wal', 'keyward.db-shm')


def import_material(kms, key_id, material):
    p = kms.get_parameters_for_import(KeyId=key_id, WrappingAlgorithm='RSAES_OAEP_SHA_256', WrappingKeySpec='RSA_2048')
    public = serialization.load_der_public_key(p['PublicKey'])
    wrapped = public.encrypt(material, padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None))
    kms.import_key_material(KeyId=key_id, ImportToken=p['ImportToken'], EncryptedKeyMaterial=wrapped,
                            ExpirationModel='KEY_MATERIAL_DOES_NOT_EXPIRE')


def sealed_bytes(key_id):
    db = sqlite3.connect(f'file:{os.path.join(DATA_DIR, "keyward.db")}?mode=ro', uri=True)
    try:
        return bytes(db.execute('SELECT sealed_material FROM key_versions WHERE key_id = ?', (key_id,)).fetchone()[0])
    finally:
        db.close()


def forms(material):
    return [material.hex(), material.hex().upper(), base64.b64encode(material).decode()]


def cli(*args):
    return subprocess.run([NODE, CLI, *args], capture_output=True, text=True, timeout=60)


@pytest.mark.skipif(not DATA_DIR, reason='needs the server data directory (KEYWARD_TEST_DATA_DIR)')
def test_used_key_refused_then_destroyed_with_a_verifiable_receipt(kms, keyward, advance, tmp_path):
    material = os.urandom(32)
    key = kms.create_key(Origin='EXTERNAL', Description='boto3 destruction')['KeyMetadata']
    key_id, arn = key['KeyId'], key['Arn']
    import_material(kms, key_id, material)
    sealed = sealed_bytes(key_id)
    on = keyward.put_destruction_preflight(KeyId=key_id, Enabled=True)
    assert (on['Enabled'], on['RecentUseDays'], on['KeyOverrides']) == (True, 30, ['Enabled'])
    other = kms.create_key()['KeyMetadata']['KeyId']
    blob = kms.encrypt(KeyId=key_id, Plaintext=b'invoice 42')['CiphertextBlob']
    advance(DAY)

    with pytest.raises(ClientError) as e:
        kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    code, message = error(e)
    assert code == 'KMSInvalidStateException'
    assert '[RecentUse] version 1 was used (Encrypt)' in message and '1 day(s) ago' in message
    assert '[CiphertextsNotReEncrypted]' in message
    assert not any(f in message for f in forms(material))

    kms.re_encrypt(CiphertextBlob=blob, DestinationKeyId=other)
    report = keyward.report_scan_results(Scope='/var/lib/invoices', Inventory=[{'KeyId': arn, 'KeyVersion': 1, 'Count': 0, 'Bytes': 0}])
    assert report['Scope'] == '/var/lib/invoices' and len(report['ReportId']) == 36
    found = keyward.describe_key_version(KeyId=key_id, KeyVersion=1)['KeyVersion']['ScanFound']
    assert (found['Count'], found['Bytes'], found['Scopes']) == (0, 0, [])
    assert kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)['KeyState'] == 'PendingDeletion'

    advance(8 * DAY)
    got = keyward.get_destruction_receipt(KeyId=arn)
    assert (got['KeyId'], got['KeyVersions'], got['ScanResult']) == (arn, [1], 'CLEAN')
    receipt = json.loads(got['Receipt'])
    assert receipt['Versions'][0]['CommitmentMatched'] is True
    assert receipt['AuditRecord']['Operation'] == 'DeleteKey'

    pem = cli('audit', 'public-key', '--data-dir', DATA_DIR)
    assert pem.returncode == 0, pem.stderr
    (tmp_path / 'keyward.pem').write_text(pem.stdout)
    (tmp_path / 'receipt.json').write_text(got['Receipt'])
    ok = cli('receipt', 'verify', str(tmp_path / 'receipt.json'), '--public-key', str(tmp_path / 'keyward.pem'))
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith(f'verified: KeyDeletion of {arn}')

    changed = bytearray(got['Receipt'].encode())
    at = changed.index(b'"ScheduledBy":"') + 20
    changed[at] = ord('x') if changed[at] != ord('x') else ord('y')
    (tmp_path / 'changed.json').write_bytes(bytes(changed))
    bad = cli('receipt', 'verify', str(tmp_path / 'changed.json'), '--public-key', str(tmp_path / 'keyward.pem'))
    assert bad.returncode == 1 and 'not verified' in bad.stderr

    for name in DB_FILES:
        path = os.path.join(DATA_DIR, name)
        if not os.path.exists(path):
            continue
        with open(path, 'rb') as f:
            data = f.read()
        assert material not in data, f'{name} holds the material'
        assert sealed not in data, f'{name} holds the sealed material'
        assert not any(x.encode() in data for x in forms(material)), f'{name} holds the material as text'

    events = json.dumps(keyward.lookup_events(MaxResults=50)['Events'], default=str)
    assert not any(f in events for f in forms(material))
