"""Issue 13's multi-party approval scenario through boto3 and the shipped botocore model (models/keyward, AWS_DATA_PATH),
on the test-clock server: a 2-of-3 rule on ScheduleKeyDeletion (scoped to this file's keys, so the clock scenarios beside
it are not gated); the call fails with a request id, the requester's own approval and a non-approver's are refused, two
approvers approve, the identical repeat succeeds, other parameters need their own request; a rejected and an expired
request cannot run; changing the rule needs approval. The rule is deleted (with approval) at the end."""
import json
import re
import uuid

import boto3
import pytest
from botocore.exceptions import ClientError

ACCOUNT = '111122223333'
RULE = 'py-two-of-three'
DAY = 86400


@pytest.fixture(scope='module')
def clients(make_client):
    return make_client


@pytest.fixture(scope='module')
def users(clients):
    """alice (the requester), bob and carol (approvers with her), eve (no approver): kms and keyward clients each."""
    iam = clients('iam')
    suffix = uuid.uuid4().hex[:6]
    out = {}
    for name in ('alice', 'bob', 'carol', 'eve'):
        user = f'py-{name}-{suffix}'
        iam.create_user(UserName=user)
        iam.put_user_policy(UserName=user, PolicyName='kms-and-keyward', PolicyDocument=json.dumps({
            'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': ['kms:*', 'keyward:*'], 'Resource': '*'}]}))
        key = iam.create_access_key(UserName=user)['AccessKey']
        out[name] = {'arn': f'arn:aws:iam::{ACCOUNT}:user/{user}',
                     'kms': clients('kms', key['AccessKeyId'], key['SecretAccessKey']),
                     'keyward': clients('keyward', key['AccessKeyId'], key['SecretAccessKey'])}
    return out


@pytest.fixture(scope='module')
def rule(clients, users):
    """The 2-of-3 rule on this module's keys; deleted at the end, which itself needs two approvals."""
    kms, keyward = clients('kms'), clients('keyward')
    keys = [kms.create_key()['KeyMetadata']['Arn'] for _ in range(4)]
    approvers = [users[n]['arn'] for n in ('alice', 'bob', 'carol')]
    out = keyward.put_approval_rule(RuleName=RULE, RequiredApprovals=2, Approvers=approvers, KeyIds=keys)
    assert out['Created'] is True
    yield {'keys': keys, 'approvers': approvers}
    request_id = refused(lambda: keyward.delete_approval_rule(RuleName=RULE))
    for name in ('bob', 'carol'):
        users[name]['keyward'].approve_request(ApprovalRequestId=request_id)
    keyward.delete_approval_rule(RuleName=RULE)


def refused(call):
    """The call fails with ApprovalRequiredException; returns its request id. The keyward model declares the error's
    ApprovalRequestId member, so botocore parses it; AWS's kms model does not know the error, so a kms client reads the
    id from the message (the body carries it either way)."""
    with pytest.raises(ClientError) as e:
        call()
    err = e.value.response['Error']
    assert err['Code'] == 'ApprovalRequiredException', err
    assert e.value.response['ResponseMetadata']['HTTPStatusCode'] == 400
    named = re.search(r'Approval request (apr-[0-9a-f]{32}) is PENDING until ', err['Message'])
    assert named, err['Message']
    request_id = named.group(1)
    if e.value.operation_name in ('PutApprovalRule', 'DeleteApprovalRule'):
        assert e.value.response['ApprovalRequestId'] == request_id
    assert f'under approval rule {RULE}' in err['Message']
    return request_id


def code(call):
    with pytest.raises(ClientError) as e:
        call()
    return e.value.response['Error']['Code'], e.value.response['Error']['Message']


def test_two_of_three_approve_then_the_identical_repeat_runs_once(rule, users):
    alice, bob, carol, eve = (users[n] for n in ('alice', 'bob', 'carol', 'eve'))
    key = rule['keys'][0]
    request_id = refused(lambda: alice['kms'].schedule_key_deletion(KeyId=key, PendingWindowInDays=7))
    described = bob['keyward'].describe_approval_request(ApprovalRequestId=request_id)['ApprovalRequest']
    assert described['State'] == 'PENDING' and described['Requester'] == alice['arn'] and described['KeyId'] == key
    assert json.loads(described['Parameters']) == {'KeyId': key, 'PendingWindowInDays': 7}

    c, m = code(lambda: alice['keyward'].approve_request(ApprovalRequestId=request_id))
    assert c == 'AccessDeniedException' and "requester's own request" in m
    c, m = code(lambda: eve['keyward'].approve_request(ApprovalRequestId=request_id))
    assert c == 'AccessDeniedException' and f'rule {RULE} names only' in m
    assert bob['keyward'].approve_request(ApprovalRequestId=request_id, Reason='retired')['ApprovalRequest']['State'] == 'PENDING'
    assert carol['keyward'].approve_request(ApprovalRequestId=request_id)['ApprovalRequest']['State'] == 'APPROVED'

    other = refused(lambda: alice['kms'].schedule_key_deletion(KeyId=key, PendingWindowInDays=8))
    assert other != request_id
    out = alice['kms'].schedule_key_deletion(KeyId=key, PendingWindowInDays=7)
    assert out['KeyState'] == 'PendingDeletion' and out['PendingWindowInDays'] == 7
    assert bob['keyward'].describe_approval_request(ApprovalRequestId=request_id)['ApprovalRequest']['State'] == 'EXECUTED'
    listed = bob['keyward'].list_approval_requests(KeyId=key, State='EXECUTED')['ApprovalRequests']
    assert [r['ApprovalRequestId'] for r in listed] == [request_id]


def test_a_rejected_request_cannot_run(rule, users):
    alice, bob = users['alice'], users['bob']
    key = rule['keys'][1]
    request_id = refused(lambda: alice['kms'].schedule_key_deletion(KeyId=key, PendingWindowInDays=7))
    assert bob['keyward'].reject_request(ApprovalRequestId=request_id, Reason='still used')['ApprovalRequest']['State'] == 'REJECTED'
    c, m = code(lambda: alice['keyward'].execute_approved_request(ApprovalRequestId=request_id))
    assert c == 'KMSInvalidStateException' and 'is REJECTED' in m
    assert refused(lambda: alice['kms'].schedule_key_deletion(KeyId=key, PendingWindowInDays=7)) != request_id


def test_an_expired_request_cannot_run(rule, users, advance):
    alice, bob, carol = users['alice'], users['bob'], users['carol']
    key = rule['keys'][2]
    request_id = refused(lambda: alice['kms'].schedule_key_deletion(KeyId=key, PendingWindowInDays=7))
    bob['keyward'].approve_request(ApprovalRequestId=request_id)
    carol['keyward'].approve_request(ApprovalRequestId=request_id)
    advance(DAY + 1)
    assert bob['keyward'].describe_approval_request(ApprovalRequestId=request_id)['ApprovalRequest']['State'] == 'EXPIRED'
    c, m = code(lambda: alice['keyward'].execute_approved_request(ApprovalRequestId=request_id))
    assert c == 'KMSInvalidStateException' and 'is EXPIRED' in m
    assert refused(lambda: alice['kms'].schedule_key_deletion(KeyId=key, PendingWindowInDays=7)) != request_id


def test_changing_the_rule_needs_approval(rule, clients, users):
    keyward = clients('keyward')
    change = {'RuleName': RULE, 'RequiredApprovals': 2, 'Approvers': rule['approvers'], 'KeyIds': rule['keys'],
              'RequestExpirySeconds': 3600}
    request_id = refused(lambda: keyward.put_approval_rule(**change))
    assert keyward.get_approval_rule(RuleName=RULE)['Rule']['RequestExpirySeconds'] == DAY
    for name in ('bob', 'carol'):
        users[name]['keyward'].approve_request(ApprovalRequestId=request_id)
    assert keyward.put_approval_rule(**change)['Rule']['RequestExpirySeconds'] == 3600
