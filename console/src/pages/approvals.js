// The approvals inbox (issue 13's multi-party approval): requests by state (ListApprovalRequests), each with its
// operation, requester, the exact parameters it is bound to and the approvals so far; Approve and Reject with a reason
// (ApproveRequest / RejectRequest), which the server allows only to the rule's approvers and never to the requester.
import { useState } from 'preact/hooks';
import { keyward } from '../api/kms.js';
import { ErrorBox, Loading, Notice, StateBadge, useAction, useAsync } from '../ui/components.js';
import { formatDate } from '../ui/format.js';
import { html } from '../ui/html.js';

const STATES = ['PENDING', 'APPROVED', 'REJECTED', 'EXPIRED', 'EXECUTED'];

export function Approvals() {
  const [state, setState] = useState('PENDING');
  const { data, error, loading, reload } = useAsync(() => keyward('ListApprovalRequests', { State: state, Limit: 100 }), [state]);
  const { done, failure, run } = useAction(reload);
  const decide = (operation, request) => (e) => {
    e.preventDefault();
    const reason = new FormData(e.currentTarget).get('reason') || undefined;
    run(() => keyward(operation, { ApprovalRequestId: request.ApprovalRequestId, ...(reason ? { Reason: reason } : {}) }),
      `${operation === 'ApproveRequest' ? 'Approved' : 'Rejected'} ${request.ApprovalRequestId}.`);
  };
  return html`<div>
    <h1>Approvals</h1>
    <div class="toolbar"><div class="field"><label for="approval-state">State</label>
      <select id="approval-state" value=${state} onChange=${(e) => setState(e.currentTarget.value)}>
        ${STATES.map((s) => html`<option value=${s}>${s}</option>`)}</select></div></div>
    ${done ? html`<${Notice}>${done}</${Notice}>` : null}
    <${ErrorBox} error=${failure ?? error} />
    ${loading && !data ? html`<${Loading} what="Loading approval requests" />` : null}
    ${data && data.ApprovalRequests.length === 0 ? html`<p class="muted">No ${state.toLowerCase()} approval request.</p>` : null}
    ${data ? data.ApprovalRequests.map((r) => html`<section class="card wide" aria-labelledby=${`req-${r.ApprovalRequestId}`}>
      <h2 id=${`req-${r.ApprovalRequestId}`}>${r.Operation} <${StateBadge} state=${r.State} /></h2>
      <dl class="facts">
        <dt>Request</dt><dd class="mono">${r.ApprovalRequestId}</dd>
        <dt>Rule</dt><dd>${r.RuleName}: ${r.Approvals?.length ?? 0} of ${r.RequiredApprovals} approvals</dd>
        <dt>Requester</dt><dd class="mono">${r.Requester}</dd>
        ${r.KeyId ? html`<dt>Key</dt><dd class="mono">${r.KeyId}</dd>` : null}
        <dt>Approvers</dt><dd class="mono">${(r.Approvers ?? []).join(', ')}</dd>
        <dt>Created</dt><dd>${formatDate(r.CreationDate)}</dd><dt>Expires</dt><dd>${formatDate(r.ExpirationDate)}</dd>
      </dl>
      <pre class="json" tabindex="0" aria-label=${`Parameters of ${r.ApprovalRequestId}`}>${r.Parameters}</pre>
      ${r.State === 'PENDING' ? html`<form class="row" onSubmit=${decide('ApproveRequest', r)}>
        <div class="field grow"><label for=${`reason-${r.ApprovalRequestId}`}>Reason (optional)</label>
          <input id=${`reason-${r.ApprovalRequestId}`} name="reason" maxlength="256" /></div>
        <button type="submit">Approve</button>
        <button type="button" class="danger" onClick=${(e) => decide('RejectRequest', r)({ preventDefault() {}, currentTarget: e.currentTarget.form })}>Reject</button>
      </form>` : null}
    </section>`) : null}
  </div>`;
}
