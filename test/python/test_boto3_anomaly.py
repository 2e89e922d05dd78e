"""boto3 drives the anomaly alert operations through the shipped botocore model (models/keyward, AWS_DATA_PATH):
a use of a disabled key raises UNUSABLE_KEY_USE, ListAlerts finds it by type and key, DescribeAlert and
AcknowledgeAlert round-trip, and a second acknowledgement is KMSInvalidStateException (docs/anomaly.md)."""
import json

import boto3
import pytest
from botocore.exceptions import ClientError

def test_disabled_key_use_alert_round_trip(kms, keyward):
    key = kms.create_key()['KeyMetadata']
    kms.encrypt(KeyId=key['KeyId'], Plaintext=b'fine while enabled')
    assert keyward.list_alerts(KeyId=key['KeyId'])['Alerts'] == []
    kms.disable_key(KeyId=key['KeyId'])
    with pytest.raises(ClientError) as e:
        kms.encrypt(KeyId=key['KeyId'], Plaintext=b'refused')
    assert e.value.response['Error']['Code'] == 'DisabledException'

    listed = keyward.list_alerts(AlertType='UNUSABLE_KEY_USE', KeyId=key['Arn'], State='OPEN')
    assert listed['Truncated'] is False
    [alert] = listed['Alerts']
    assert (alert['KeyId'], alert['Severity'], alert['Count']) == (key['Arn'], 'HIGH', 1)
    assert json.loads(alert['Details']) == {'operation': 'Encrypt', 'keyState': 'Disabled'}
    assert keyward.describe_alert(AlertId=alert['AlertId'])['Alert']['State'] == 'OPEN'

    acked = keyward.acknowledge_alert(AlertId=alert['AlertId'], Note='disabled on purpose')['Alert']
    assert (acked['State'], acked['AcknowledgementNote']) == ('ACKNOWLEDGED', 'disabled on purpose')
    assert acked['AcknowledgedBy'].endswith(':user/keyward-admin')
    assert keyward.list_alerts(KeyId=key['KeyId'], State='OPEN')['Alerts'] == []
    with pytest.raises(keyward.exceptions.KMSInvalidStateException):
        keyward.acknowledge_alert(AlertId=alert['AlertId'])
    with pytest.raises(keyward.exceptions.NotFoundException):
        keyward.describe_alert(AlertId='00000000-0000-4000-8000-000000000000')
