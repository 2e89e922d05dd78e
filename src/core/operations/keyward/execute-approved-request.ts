// ExecuteApprovedRequest: the requester runs an APPROVED request's call without repeating it: its stored parameters
// are validated again and the operation runs in this request's context, through the same authorization and the same
// consumption of the request in one atomic step (so this and a repeated identical call cannot both run).
import { KmsError } from '../../../protocol/errors.js';
import { validate } from '../../../protocol/shape.js';
import { identityKey } from '../../../approvals/rule-evaluation.js';
import { bindingHash } from '../../../approvals/request-binding.js';
import { requestFacts } from '../../approvals/approval-audit.js';
import { loadRequest, shownState } from '../../approvals/approval-requests.js';
import { defineExtensionOperation } from '../../operation.js';
import { A } from './approval-shapes.js';

export const executeApprovedRequest = defineExtensionOperation<{ ApprovalRequestId: string }>({
  name: 'ExecuteApprovedRequest',
  doc: 'Runs the call an APPROVED approval request is bound to, as its requester (only the requester may), once. Calls whose parameters held blobs (ImportKeyMaterial) are executed by repeating the identical call instead.',
  errors: ['NotFoundException', 'AccessDeniedException', 'KMSInvalidStateException', 'ValidationException', 'ApprovalRequiredException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: { ApprovalRequestId: A.requestId() },
  output: {
    ApprovalRequestId: A.requestId(),
    Operation: { t: 'string', required: true, min: 1, max: 64, name: 'OperationNameType' },
    Response: { t: 'string', required: true, min: 2, max: 262_144, name: 'ResponseJsonType', doc: 'The operation\'s response members as JSON (blobs in base64).' },
  },
  async run(ctx, input) {
    await ctx.authorizeAccount('ExecuteApprovedRequest');
    const r = await loadRequest(ctx.service, input.ApprovalRequestId);
    if (r.keyArn !== undefined) ctx.audit.keyArn = r.keyArn;
    if (r.requester !== ctx.principal.arn) {
      const why = identityKey(r.requester) === identityKey(ctx.principal.arn) ? ' (another session of the same role is another caller)' : '';
      throw new KmsError('AccessDeniedException', `Only the requester ${r.requester} may execute approval request ${r.requestId}${why}.`);
    }
    const state = shownState(r, ctx.service.now());
    if (state !== 'APPROVED') {
      throw new KmsError('KMSInvalidStateException', `Approval request ${r.requestId} is ${state}, not APPROVED (${r.approvals.length} of ${r.requiredApprovals} approvals); it cannot be executed.`);
    }
    if (r.hasBlobs) throw new KmsError('ValidationException', `Approval request ${r.requestId} is bound to parameters with blobs, which Keyward keeps only as digests: repeat the identical ${r.operation} call to execute it.`);
    const { KMS_OPERATIONS, KEYWARD_OPERATIONS } = await import('../registry.js'); // the registry imports this file
    const op = KMS_OPERATIONS.get(r.operation) ?? KEYWARD_OPERATIONS.get(r.operation);
    if (!op) throw new KmsError('ValidationException', `Approval request ${r.requestId} names ${r.operation}, which this Keyward does not serve.`);
    const params = validate<Record<string, unknown>>(JSON.parse(r.parameters), op.input);
    if (bindingHash(op.name, ctx.principal.arn, params) !== r.bindingHash) {
      throw new KmsError('KMSInternalException', 'The request could not be completed due to an internal error.');
    }
    // Consumed here, atomically, before the operation acts; the gate then lets this call through (and a failure of the
    // operation gives the request back: json-protocol.ts settles it).
    if (!(await ctx.service.store.approvals.consumeRequest(r.requestId, ctx.service.now(), ctx.requestId))) {
      throw new KmsError('KMSInvalidStateException', `Approval request ${r.requestId} was executed or closed meanwhile; it cannot be executed.`);
    }
    ctx.gate.consumed = r;
    ctx.operation = op.name;
    ctx.input = params;
    ctx.audit.details.approval = requestFacts(r);
    ctx.audit.details.approvalRequestId = r.requestId;
    const out = await op.run(ctx, params);
    const response = JSON.stringify(out, (_k, v: unknown) => (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' ? Buffer.from((v as { data: number[] }).data).toString('base64') : v));
    return { ApprovalRequestId: r.requestId, Operation: op.name, Response: response };
  },
});
