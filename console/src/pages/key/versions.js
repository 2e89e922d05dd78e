// A key's versions (Keyward's ListKeyVersions): state, origin, rotation type, cryptoperiod ends, usage counters and
// last use, with the usage chart.
import { keyward, listAll } from '../../api/kms.js';
import { ErrorBox, Loading, Section, StateBadge, useAsync } from '../../ui/components.js';
import { formatBytes, formatDate } from '../../ui/format.js';
import { html } from '../../ui/html.js';
import { UsageChart } from '../../ui/usage-chart.js';

const opsText = (v) => (v.OperationCounts ?? []).map((c) => `${c.Operation} ${c.Count}`).join(', ') || '—';

export function Versions({ keyId, version }) {
  const { data, error, loading } = useAsync(() => listAll(keyward, 'ListKeyVersions', { KeyId: keyId }, 'Versions'), [keyId, version]);
  return html`<${Section} title="Key versions" id="sec-versions" wide>
    ${loading && !data ? html`<${Loading} />` : null}
    <${ErrorBox} error=${error} />
    ${data ? html`
      <${UsageChart} versions=${data} />
      <div class="table-wrap" tabindex="0" role="region" aria-label="Key versions table"><table class="versions">
        <thead><tr><th scope="col">Version</th><th scope="col">State</th><th scope="col">Created</th><th scope="col">Rotation</th>
          <th scope="col">Operations</th><th scope="col">Encrypted</th><th scope="col">Last used</th><th scope="col">Usage ends</th></tr></thead>
        <tbody>${data.map((v) => html`<tr>
          <td>${v.KeyVersion}${v.Current ? html` <span class="badge">current</span>` : null}</td>
          <td><${StateBadge} state=${v.KeyVersionState} />${v.BelowMinimumDecryptionVersion ? html` <small class="muted">below minimum</small>` : null}</td>
          <td>${formatDate(v.CreationDate)}</td><td>${v.RotationType ?? '—'}</td><td>${opsText(v)}</td>
          <td>${formatBytes(v.BytesEncrypted)}</td>
          <td>${v.LastUsedDate ? `${formatDate(v.LastUsedDate)} (${v.LastUsedOperation})` : '—'}</td>
          <td>${v.OriginatorUsageEndDate ? `encrypt until ${formatDate(v.OriginatorUsageEndDate)}` : '—'}${v.DestructionDate ? html`<br />destroyed ${formatDate(v.DestructionDate)}` : null}</td>
        </tr>`)}</tbody>
      </table></div>` : null}
  </${Section}>`;
}
