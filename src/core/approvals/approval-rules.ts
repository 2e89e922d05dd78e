// Rule records from PutApprovalRule's input: operation names checked against the registry and the qualifier table,
// approvers against the identity layer's ARN forms, M against N; and the rule in wire form.
import {
  DEFAULT_REQUEST_TTL_SECONDS, MAX_REQUEST_TTL_SECONDS, MIN_REQUEST_TTL_SECONDS, type ApprovalRule,
} from '../../approvals/approval-model.js';
import { DEFAULT_PROTECTED, QUALIFIERS, UNPROTECTABLE } from '../../approvals/protected-operations.js';
import { APPROVER_ARN, identityKey } from '../../approvals/rule-evaluation.js';
import { KmsError } from '../../protocol/errors.js';
import { epochSeconds } from '../keys/key-metadata.js';

export interface RuleInput {
  RuleName: string; Description?: string; Operations?: string[]; KeyIds?: string[]; RequiredApprovals: number;
  Approvers: string[]; RequestExpirySeconds?: number;
}

const invalid = (message: string) => new KmsError('ValidationException', message);

/** Checks the rule's operation entries: served operations (or qualified ones), none of the approval workflow's own. */
export function checkOperations(entries: readonly string[], known: (name: string) => boolean): void {
  for (const e of entries) {
    if (UNPROTECTABLE.has(e)) throw invalid(`${e} cannot be protected by an approval rule: it is part of the approval workflow.`);
    if (!QUALIFIERS[e] && !known(e)) {
      throw invalid(`${e} is not an operation Keyward serves; name a KMS or Keyward operation, or one of ${Object.keys(QUALIFIERS).join(', ')}.`);
    }
  }
}

/** The rule record for `input` (keyArns already resolved), keeping the creation date of the rule it replaces. */
export function ruleRecord(input: RuleInput, keyArns: string[] | undefined, by: string, now: number, previous?: ApprovalRule): ApprovalRule {
  for (const a of input.Approvers) {
    if (!APPROVER_ARN.test(a)) throw invalid(`Approver ${a} is not an IAM user or role ARN (arn:aws:iam::<account>:user/<name> or role/<name>).`);
  }
  const people = new Set(input.Approvers.map(identityKey));
  if (input.RequiredApprovals > people.size) {
    throw invalid(`RequiredApprovals (${input.RequiredApprovals}) exceeds the ${people.size} distinct approver(s) named: no request could ever be approved.`);
  }
  const ttl = input.RequestExpirySeconds ?? DEFAULT_REQUEST_TTL_SECONDS;
  if (ttl < MIN_REQUEST_TTL_SECONDS || ttl > MAX_REQUEST_TTL_SECONDS) {
    throw invalid(`RequestExpirySeconds must be between ${MIN_REQUEST_TTL_SECONDS} and ${MAX_REQUEST_TTL_SECONDS}.`);
  }
  return {
    name: input.RuleName, description: input.Description, operations: [...new Set(input.Operations ?? DEFAULT_PROTECTED)],
    keyArns, requiredApprovals: input.RequiredApprovals, approvers: [...new Set(input.Approvers)], requestTtlSeconds: ttl,
    createdAt: previous?.createdAt ?? now, updatedAt: now, updatedBy: by,
  };
}

export function ruleEntry(r: ApprovalRule): Record<string, unknown> {
  return {
    RuleName: r.name, ...(r.description === undefined ? {} : { Description: r.description }), Operations: r.operations,
    ...(r.keyArns === undefined ? {} : { KeyIds: r.keyArns }), RequiredApprovals: r.requiredApprovals, Approvers: r.approvers,
    RequestExpirySeconds: r.requestTtlSeconds, CreationDate: epochSeconds(r.createdAt), LastUpdatedDate: epochSeconds(r.updatedAt),
    LastUpdatedBy: r.updatedBy,
  };
}

/** The rule or NotFoundException. */
export function foundRule(r: ApprovalRule | undefined, name: string): ApprovalRule {
  if (!r) throw new KmsError('NotFoundException', `Approval rule ${name} does not exist.`);
  return r;
}
