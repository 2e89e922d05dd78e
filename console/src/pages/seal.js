// Seal status: the node's seal state (GET /_keyward/seal-status, unauthenticated as Vault's is) and the barrier's
// terms and rotation (Keyward's DescribeBarrier, signed).
import { keyward } from '../api/kms.js';
import { ErrorBox, Facts, Loading, Section, useAsync } from '../ui/components.js';
import { formatDate } from '../ui/format.js';
import { html } from '../ui/html.js';

async function load() {
  const [seal, barrier] = await Promise.all([
    fetch('/_keyward/seal-status', { cache: 'no-store' }).then((r) => r.json()),
    keyward('DescribeBarrier', {}).catch((error) => ({ error })),
  ]);
  return { seal, barrier };
}

export function SealStatus() {
  const { data, error, loading } = useAsync(load, []);
  return html`<div>
    <h1>Seal status</h1>
    ${loading && !data ? html`<${Loading} />` : null}
    <${ErrorBox} error=${error} />
    ${data ? html`<div class="grid">
      <${Section} title="This node" id="sec-seal">
        <${Facts} rows=${Object.entries(data.seal).filter(([, v]) => v !== null && (typeof v !== 'object' || Array.isArray(v))).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)])} />
      </${Section}>
      <${Section} title="Barrier" id="sec-barrier">
        <${ErrorBox} error=${data.barrier.error} />
        ${data.barrier.error ? null : html`<${Facts} rows=${[
          ['Current term', data.barrier.CurrentTerm], ['Terms', (data.barrier.Terms ?? []).join(', ')],
          ['Rotation', data.barrier.Rotation ? `${data.barrier.Rotation.State} to term ${data.barrier.Rotation.TargetTerm}, ${data.barrier.Rotation.Resealed ?? 0} resealed` : 'none'],
          ['Rotation started', data.barrier.Rotation?.StartedAt ? formatDate(data.barrier.Rotation.StartedAt) : undefined],
          ['Rotation completed', data.barrier.Rotation?.CompletedAt ? formatDate(data.barrier.Rotation.CompletedAt) : undefined],
        ]} />`}
      </${Section}>
    </div>` : null}
  </div>`;
}
