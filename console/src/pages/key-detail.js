// A key's page: metadata and state actions, aliases and tags, rotation, versions with their usage chart, grants, the
// key policy editor and the try-it panel. Each section loads on its own, so a denied call hides only its section.
import { useState } from 'preact/hooks';
import { kms } from '../api/kms.js';
import { serverOffsetMs } from '../api/server-clock.js';
import { ErrorBox, Loading, StateBadge, useAsync } from '../ui/components.js';
import { html } from '../ui/html.js';
import { Overview } from './key/overview.js';
import { AliasesAndTags } from './key/aliases-tags.js';
import { Rotation } from './key/rotation.js';
import { Versions } from './key/versions.js';
import { Grants } from './key/grants.js';
import { PolicyEditor } from './key/policy-editor.js';
import { TryIt } from './key/try-it.js';

export function KeyDetail({ params: [keyId] }) {
  const [version, setVersion] = useState(0); // bumped after a change, so every section reloads
  const { data, error, loading } = useAsync(async () => {
    const [{ KeyMetadata }, offsetMs] = await Promise.all([kms('DescribeKey', { KeyId: keyId }), serverOffsetMs()]);
    return { md: KeyMetadata, offsetMs };
  }, [keyId, version]);
  const changed = () => setVersion((v) => v + 1);
  if (!data) return html`<div><h1>Key</h1>${loading ? html`<${Loading} />` : null}<${ErrorBox} error=${error} /></div>`;
  const { md, offsetMs } = data;
  const props = { md, keyId: md.KeyId, changed, offsetMs, version };
  return html`<div>
    <div class="page-head">
      <h1><span class="sr-only">Key </span><span class="mono">${md.KeyId}</span> <${StateBadge} state=${md.KeyState} /></h1>
      <a class="button secondary" href=${`#/keys/${md.KeyId}/timeline`}>Lifecycle timeline</a>
    </div>
    <${ErrorBox} error=${error} />
    <div class="grid">
      <${Overview} ...${props} />
      <${AliasesAndTags} ...${props} />
      ${md.KeySpec === 'SYMMETRIC_DEFAULT' ? html`<${Rotation} ...${props} />` : null}
      <${TryIt} ...${props} />
      <${Versions} ...${props} />
      <${Grants} ...${props} />
      <${PolicyEditor} ...${props} />
    </div>
  </div>`;
}
