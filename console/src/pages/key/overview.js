// A key's metadata and its state actions: enable, disable (confirmed), schedule deletion (a waiting period of 7-30
// days and the key id typed, as AWS's console asks, with what the destruction pre-flight finds) with its countdown, and
// cancelling the deletion.
import { useState } from 'preact/hooks';
import { kms } from '../../api/kms.js';
import { ErrorBox, Facts, Section } from '../../ui/components.js';
import { ConfirmDialog } from '../../ui/confirm-dialog.js';
import { Countdown } from '../../ui/countdown.js';
import { formatDate } from '../../ui/format.js';
import { html } from '../../ui/html.js';
import { PreflightFindings } from './preflight-findings.js';

const WAITING_DAYS = Array.from({ length: 24 }, (_, i) => i + 7); // AWS: 7 to 30 days

export function Overview({ md, keyId, changed, offsetMs }) {
  const [dialog, setDialog] = useState(); // 'disable' | 'delete'
  const [days, setDays] = useState(30);
  const [error, setError] = useState();
  const [busy, setBusy] = useState(false);
  const act = (operation, input) => async () => {
    setBusy(true);
    setError(undefined);
    try {
      await kms(operation, { KeyId: keyId, ...input });
      setDialog(undefined);
      changed();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const customer = md.KeyManager === 'CUSTOMER';
  return html`<${Section} title="Overview" id="sec-overview">
    <${Facts} rows=${[
      ['ARN', html`<span class="mono wrap">${md.Arn}</span>`], ['Description', md.Description], ['Key spec', md.KeySpec], ['Key usage', md.KeyUsage],
      ['Origin', md.Origin], ['Key manager', md.KeyManager], ['Created', formatDate(md.CreationDate)],
      ['Multi-Region', md.MultiRegion ? 'yes' : 'no'], ['Custom key store', md.CustomKeyStoreId],
      ['Encryption algorithms', md.EncryptionAlgorithms?.join(', ')], ['Signing algorithms', md.SigningAlgorithms?.join(', ')],
      ['MAC algorithms', md.MacAlgorithms?.join(', ')], ['Key agreement algorithms', md.KeyAgreementAlgorithms?.join(', ')],
      ['Deletion date', md.DeletionDate ? formatDate(md.DeletionDate) : undefined],
    ]} />
    ${md.KeyState === 'PendingDeletion' ? html`<p class="warn"><${Countdown} at=${md.DeletionDate} offsetMs=${offsetMs} label="Deleted" /></p>` : null}
    <${ErrorBox} error=${error} />
    ${customer ? html`<div class="row">
      ${md.KeyState === 'Disabled' ? html`<button onClick=${act('EnableKey')} disabled=${busy}>Enable key</button>` : null}
      ${md.KeyState === 'Enabled' ? html`<button class="secondary" onClick=${() => setDialog('disable')}>Disable key</button>` : null}
      ${md.KeyState === 'PendingDeletion'
        ? html`<button onClick=${act('CancelKeyDeletion')} disabled=${busy}>Cancel key deletion</button>`
        : html`<button class="danger" onClick=${() => setDialog('delete')}>Schedule key deletion</button>`}
    </div>` : null}
    <${ConfirmDialog} open=${dialog === 'disable'} title="Disable key" confirmLabel="Disable key" busy=${busy}
      onConfirm=${act('DisableKey')} onCancel=${() => setDialog(undefined)}>
      <p>While the key is disabled, no cryptographic operation can use it: data encrypted under it cannot be decrypted until it is enabled again.</p>
    </${ConfirmDialog}>
    <${ConfirmDialog} open=${dialog === 'delete'} title="Schedule key deletion" confirmLabel="Schedule deletion" busy=${busy} expected=${keyId}
      onConfirm=${act('ScheduleKeyDeletion', { PendingWindowInDays: days })} onCancel=${() => setDialog(undefined)}>
      <p>After the waiting period the key and all its versions are destroyed: every ciphertext under it becomes unrecoverable. Until then you can cancel the deletion.</p>
      ${dialog === 'delete' ? html`<${PreflightFindings} keyId=${keyId} />` : null}
      <div class="field"><label for="waiting-days">Waiting period (days)</label>
        <select id="waiting-days" value=${days} onChange=${(e) => setDays(Number(e.currentTarget.value))}>
          ${WAITING_DAYS.map((d) => html`<option value=${d}>${d}</option>`)}
        </select></div>
    </${ConfirmDialog}>
  </${Section}>`;
}
