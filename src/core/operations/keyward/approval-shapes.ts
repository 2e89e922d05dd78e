// The member shapes of the approval operations (docs/approvals.md), named as the generated botocore model names them.
import { REQUEST_STATES } from '../../../approvals/approval-model.js';
import type { Field, Shape } from '../../../protocol/shape.js';
import { S } from './extension-shapes.js';

const req = <T extends Field>(f: T): T => ({ ...f, required: true });
const principal: Field = { t: 'string', min: 20, max: 2048, name: 'PrincipalArnType' };

export const A = {
  ruleName: (): Field => ({ t: 'string', required: true, min: 1, max: 128, pattern: /^[A-Za-z0-9_.-]+$/, name: 'ApprovalRuleNameType' }),
  requestId: (): Field => ({ t: 'string', required: true, min: 36, max: 36, pattern: /^apr-[0-9a-f]{32}$/, name: 'ApprovalRequestIdType' }),
  state: (): Field => ({ t: 'enum', values: REQUEST_STATES, name: 'ApprovalRequestState' }),
  operations: (): Field => ({ t: 'list', min: 1, max: 64, of: { t: 'string', min: 1, max: 128, name: 'ProtectedOperationType' }, name: 'ProtectedOperationList' }),
  approvers: (): Field => ({ t: 'list', min: 1, max: 50, of: principal, name: 'ApproverList' }),
} as const;

const DECISION: Field = {
  t: 'struct', name: 'ApprovalDecision', doc: 'One approver\'s approval or rejection.',
  fields: { Principal: req(principal), Date: req(S.timestamp()), Reason: S.reason(false) },
};

export const RULE_ENTRY: Field = {
  t: 'struct', name: 'ApprovalRuleEntry', doc: 'An approval rule: the operations it protects, on which keys, and who approves.',
  fields: {
    RuleName: A.ruleName(),
    Description: { t: 'string', min: 0, max: 1024, name: 'DescriptionType' },
    Operations: req(A.operations()),
    KeyIds: { t: 'list', of: S.keyArn(), name: 'KeyArnList', doc: 'The keys its key operations are limited to; absent: every key.' },
    RequiredApprovals: req({ t: 'int', min: 1, max: 50, name: 'RequiredApprovalsType' }),
    Approvers: req(A.approvers()),
    RequestExpirySeconds: req({ t: 'int', min: 300, max: 2_592_000, name: 'RequestExpirySecondsType' }),
    CreationDate: req(S.timestamp()),
    LastUpdatedDate: req(S.timestamp()),
    LastUpdatedBy: req(principal),
  },
};

export const REQUEST_ENTRY: Field = {
  t: 'struct', name: 'ApprovalRequestEntry', doc: 'An approval request: the one call it is bound to, its approvals and state.',
  fields: {
    ApprovalRequestId: A.requestId(),
    RuleName: A.ruleName(),
    Operation: req({ t: 'string', min: 1, max: 64, name: 'OperationNameType' }),
    Requester: req(principal),
    KeyId: S.keyArn(),
    State: req(A.state()),
    Parameters: req({ t: 'string', min: 2, max: 262_144, name: 'ParametersJsonType', doc: 'The call\'s parameters as canonical JSON; blobs appear as their SHA-256.' }),
    ParametersHash: req({ t: 'string', min: 64, max: 64, name: 'ParametersHashType', doc: 'SHA-256 of the canonical JSON of operation, requester and parameters.' }),
    RequiredApprovals: req({ t: 'int', min: 1, max: 50, name: 'RequiredApprovalsType' }),
    Approvers: req(A.approvers()),
    Approvals: req({ t: 'list', of: DECISION, name: 'ApprovalDecisionList' }),
    Rejection: DECISION,
    CreationDate: req(S.timestamp()),
    ExpirationDate: req(S.timestamp()),
    ExecutionDate: S.timestamp(),
  },
};

export const REQUEST_OUTPUT: Shape = { ApprovalRequest: req(REQUEST_ENTRY) };
export const RULE_OUTPUT: Shape = { Rule: req(RULE_ENTRY) };
