// The records of multi-party approval (M of N, issue 13 item 2): rules naming the operations they protect and who may
// approve, and requests bound to one exact call. Pure data: the store persists it, src/core/approval-gate.ts enforces it.

/** A request's states: PENDING until M approvals (APPROVED) or one rejection (REJECTED); expiry or one execution ends it. */
export const REQUEST_STATES = ['PENDING', 'APPROVED', 'REJECTED', 'EXPIRED', 'EXECUTED'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** States a request can still move out of (the expiry job looks at these). */
export const OPEN_STATES: readonly RequestState[] = ['PENDING', 'APPROVED'];

/** Requests expire after 24 hours unless the rule says otherwise (at least 5 minutes, at most 30 days). */
export const DEFAULT_REQUEST_TTL_SECONDS = 86_400;
export const MIN_REQUEST_TTL_SECONDS = 300;
export const MAX_REQUEST_TTL_SECONDS = 30 * 86_400;

export interface ApprovalRule {
  name: string;
  description?: string | undefined;
  /** Protected operations: `Name` or `Name:Qualifier` (protected-operations.ts). */
  operations: string[];
  /** Key ARNs the rule's key operations are limited to; undefined: every key. Account-level operations ignore it. */
  keyArns?: string[] | undefined;
  requiredApprovals: number;
  /** IAM user and role ARNs (a role's sessions approve as the role). */
  approvers: string[];
  requestTtlSeconds: number;
  createdAt: number;
  updatedAt: number;
  /** Who created or last changed the rule (principal ARN). */
  updatedBy: string;
}

export interface Approval {
  principal: string;
  at: number;
  reason?: string | undefined;
}

export interface ApprovalRequest {
  requestId: string;
  ruleName: string;
  operation: string;
  /** The requester: the caller principal ARN the call is bound to. */
  requester: string;
  /** SHA-256 (hex) of the canonical JSON of (operation, requester, parameters): request-binding.ts. */
  bindingHash: string;
  /** The call's parameters as approvers see them: canonical JSON, blobs replaced by their SHA-256. */
  parameters: string;
  /** Whether the parameters held blobs (then only the identical repeat executes it, not ExecuteApprovedRequest). */
  hasBlobs: boolean;
  keyArn?: string | undefined;
  state: RequestState;
  /** The rule's M and N when the request was made: a later rule change does not move the goalposts of open requests. */
  requiredApprovals: number;
  approvers: string[];
  approvals: Approval[];
  rejection?: Approval | undefined;
  createdAt: number;
  expiresAt: number;
  /** EXECUTED: when, and by which request (x-amzn-RequestId). */
  executedAt?: number | undefined;
  executedBy?: string | undefined;
  /** EXPIRED / REJECTED: when the request closed. */
  closedAt?: number | undefined;
  revision: number;
}

export interface RequestFilter {
  state?: RequestState | undefined;
  keyArn?: string | undefined;
}
