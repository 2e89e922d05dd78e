// A key's grants (ListGrants) and revoking one (confirmed: the grantee loses the operations at once).
import { useState } from 'preact/hooks';
import { kms, listAll } from '../../api/kms.js';
import { ErrorBox, Loading, Section, useAsync } from '../../ui/components.js';
import { ConfirmDialog } from '../../ui/confirm-dialog.js';
import { formatDate } from '../../ui/format.js';
import { html } from '../../ui/html.js';

export function Grants({ keyId, version }) {
  const [bump, setBump] = useState(0);
  const { data, error, loading } = useAsync(() => listAll(kms, 'ListGrants', { KeyId: keyId }, 'Grants'), [keyId, version, bump]);
  const [revoking, setRevoking] = useState();
  const [actionError, setActionError] = useState();
  const revoke = async () => {
    try {
      await kms('RevokeGrant', { KeyId: keyId, GrantId: revoking.GrantId });
      setRevoking(undefined);
      setBump((b) => b + 1);
    } catch (err) {
      setActionError(err);
    }
  };
  return html`<${Section} title="Grants" id="sec-grants">
    ${loading && !data ? html`<${Loading} />` : null}
    <${ErrorBox} error=${error ?? actionError} />
    ${data && data.length === 0 ? html`<p class="muted">No grant.</p>` : null}
    ${data && data.length > 0 ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="Grants table"><table>
      <thead><tr><th scope="col">Name</th><th scope="col">Grantee</th><th scope="col">Operations</th><th scope="col">Created</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
      <tbody>${data.map((g) => html`<tr><td>${g.Name || html`<span class="mono">${g.GrantId.slice(0, 12)}…</span>`}</td>
        <td class="mono wrap">${g.GranteePrincipal}</td><td>${(g.Operations ?? []).join(', ')}</td><td>${formatDate(g.CreationDate)}</td>
        <td><button class="link danger-text" onClick=${() => setRevoking(g)}>Revoke</button></td></tr>`)}</tbody>
    </table></div>` : null}
    <${ConfirmDialog} open=${!!revoking} title="Revoke grant" confirmLabel="Revoke grant" onConfirm=${revoke} onCancel=${() => setRevoking(undefined)}>
      <p>${revoking ? `${revoking.GranteePrincipal} loses ${(revoking.Operations ?? []).join(', ')} on this key at once.` : ''}</p>
    </${ConfirmDialog}>
  </${Section}>`;
}
