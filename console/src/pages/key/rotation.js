// Automatic rotation (GetKeyRotationStatus; enable with a period of 90-2560 days, disable), on-demand rotation
// (confirmed), and the rotation history (ListKeyRotations).
import { useState } from 'preact/hooks';
import { kms, listAll } from '../../api/kms.js';
import { ErrorBox, Facts, Loading, Section, useAsync } from '../../ui/components.js';
import { ConfirmDialog } from '../../ui/confirm-dialog.js';
import { formatDate } from '../../ui/format.js';
import { html } from '../../ui/html.js';

export function Rotation({ keyId, md, changed, version }) {
  const { data, error, loading } = useAsync(async () => ({
    status: await kms('GetKeyRotationStatus', { KeyId: keyId }),
    rotations: md.Origin === 'AWS_KMS' || md.Origin === 'EXTERNAL' ? await listAll(kms, 'ListKeyRotations', { KeyId: keyId }, 'Rotations') : [],
  }), [keyId, version]);
  const [days, setDays] = useState(365);
  const [confirmNow, setConfirmNow] = useState(false);
  const [actionError, setActionError] = useState();
  const run = (operation, input) => async (e) => {
    e?.preventDefault?.();
    setActionError(undefined);
    try {
      await kms(operation, { KeyId: keyId, ...input });
      setConfirmNow(false);
      changed();
    } catch (err) {
      setActionError(err);
    }
  };
  const s = data?.status;
  return html`<${Section} title="Key rotation" id="sec-rotation">
    ${loading && !data ? html`<${Loading} />` : null}
    <${ErrorBox} error=${error ?? actionError} />
    ${s ? html`
      <${Facts} rows=${[
        ['Automatic rotation', s.KeyRotationEnabled ? 'enabled' : 'disabled'], ['Rotation period', s.RotationPeriodInDays ? `${s.RotationPeriodInDays} days` : undefined],
        ['Next rotation', s.NextRotationDate ? formatDate(s.NextRotationDate) : undefined],
        ['On-demand rotation started', s.OnDemandRotationStartDate ? formatDate(s.OnDemandRotationStartDate) : undefined],
      ]} />
      <div class="row">${s.KeyRotationEnabled
        ? html`<button class="secondary" onClick=${run('DisableKeyRotation')}>Disable automatic rotation</button>`
        : html`<form class="row" onSubmit=${run('EnableKeyRotation', { RotationPeriodInDays: days })}>
            <div class="field"><label for="rotation-days">Rotation period (days, 90-2560)</label>
              <input id="rotation-days" type="number" min="90" max="2560" required value=${days} onInput=${(e) => setDays(Number(e.currentTarget.value))} /></div>
            <button type="submit">Enable automatic rotation</button>
          </form>`}
      <button class="secondary" onClick=${() => setConfirmNow(true)}>Rotate now</button></div>
      <h3>Rotation history</h3>
      ${data.rotations.length === 0 ? html`<p class="muted">The key has not been rotated.</p>` : html`<div class="table-wrap" tabindex="0" role="region" aria-label="Rotation history table"><table>
        <thead><tr><th scope="col">Rotated</th><th scope="col">Type</th><th scope="col">Key material</th></tr></thead>
        <tbody>${data.rotations.map((r) => html`<tr><td>${formatDate(r.RotationDate)}</td><td>${r.RotationType}</td><td class="mono wrap">${r.KeyMaterialId ?? '—'}</td></tr>`)}</tbody>
      </table></div>`}` : null}
    <${ConfirmDialog} open=${confirmNow} title="Rotate key material now" confirmLabel="Rotate now"
      onConfirm=${run('RotateKeyOnDemand')} onCancel=${() => setConfirmNow(false)}>
      <p>New key material becomes current for encryption; ciphertexts under earlier material still decrypt. AWS allows 10 on-demand rotations per key.</p>
    </${ConfirmDialog}>
  </${Section}>`;
}
