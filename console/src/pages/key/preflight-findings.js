// What the destruction pre-flight (docs/destruction.md) looks at, shown in the deletion dialog before anyone confirms:
// whether the checks are on for this key, and per version its last use, ciphertexts produced and re-encrypted away,
// and what the latest scan reports found under it. The server still decides (ScheduleKeyDeletion refuses with reasons).
import { keyward } from '../../api/kms.js';
import { ErrorBox, Loading, useAsync } from '../../ui/components.js';
import { formatDate } from '../../ui/format.js';
import { html } from '../../ui/html.js';

async function load(keyId) {
  const [settings, versions] = await Promise.all([
    keyward('GetDestructionPreflight', { KeyId: keyId }), keyward('ListKeyVersions', { KeyId: keyId }),
  ]);
  return { settings, versions: versions.Versions ?? [] };
}

export function PreflightFindings({ keyId }) {
  const { data, error, loading } = useAsync(() => load(keyId), [keyId]);
  if (loading && !data) return html`<${Loading} what="Checking what destruction pre-flight finds" />`;
  if (error) return html`<${ErrorBox} error=${error} />`;
  const s = data.settings;
  return html`<div class="preflight" role="region" aria-label="Destruction pre-flight">
    <p><strong>Pre-flight ${s.Enabled ? 'on' : 'off'}</strong>${s.Enabled ? ` (refuses: use within ${s.RecentUseDays} days` +
      `${s.RequireReEncryption ? ', ciphertexts not re-encrypted away' : ''}${s.RequireCleanScan ? ', data a scan found' : ''})` : ''}.</p>
    <div class="table-wrap" tabindex="0" role="region" aria-label="Pre-flight findings by version"><table class="preflight-versions">
      <thead><tr><th scope="col">Version</th><th scope="col">Last used</th><th scope="col">Ciphertexts produced</th>
        <th scope="col">Re-encrypted away</th><th scope="col">Found by scans</th></tr></thead>
      <tbody>${data.versions.map((v) => html`<tr>
        <td>${v.KeyVersion}</td><td>${v.LastUsedDate ? formatDate(v.LastUsedDate) : 'never'}</td>
        <td>${v.CiphertextsProduced ?? 0}</td><td>${v.CiphertextsReEncryptedAway ?? 0}</td>
        <td>${v.ScanFound ? `${v.ScanFound.Count} in ${(v.ScanFound.Scopes ?? []).length} scope(s)` : 'no report'}</td></tr>`)}</tbody>
    </table></div>
  </div>`;
}
