// A key's aliases (ListAliases by KeyId; create and delete) and tags (ListResourceTags; tag and untag).
import { useState } from 'preact/hooks';
import { kms, listAll } from '../../api/kms.js';
import { ErrorBox, Loading, Section, useAsync } from '../../ui/components.js';
import { html } from '../../ui/html.js';

export function AliasesAndTags({ keyId, version }) {
  const [bump, setBump] = useState(0);
  const { data, error, loading } = useAsync(async () => ({
    aliases: await listAll(kms, 'ListAliases', { KeyId: keyId }, 'Aliases'),
    tags: await listAll(kms, 'ListResourceTags', { KeyId: keyId }, 'Tags'),
  }), [keyId, version, bump]);
  const [actionError, setActionError] = useState();
  const run = (operation, input) => async (e) => {
    e?.preventDefault?.();
    const form = e?.currentTarget instanceof HTMLFormElement ? e.currentTarget : undefined; // null once the event is over
    setActionError(undefined);
    try {
      await kms(operation, input);
      form?.reset();
      setBump((b) => b + 1);
    } catch (err) {
      setActionError(err);
    }
  };
  const addAlias = (e) => {
    const name = String(new FormData(e.currentTarget).get('alias')).trim();
    return run('CreateAlias', { AliasName: name.startsWith('alias/') ? name : `alias/${name}`, TargetKeyId: keyId })(e);
  };
  const addTag = (e) => {
    const f = new FormData(e.currentTarget);
    return run('TagResource', { KeyId: keyId, Tags: [{ TagKey: String(f.get('tagKey')).trim(), TagValue: String(f.get('tagValue')) }] })(e);
  };
  return html`<${Section} title="Aliases and tags" id="sec-aliases">
    ${loading && !data ? html`<${Loading} />` : null}
    <${ErrorBox} error=${error ?? actionError} />
    ${data ? html`
      <h3>Aliases</h3>
      <ul class="plain">${data.aliases.map((a) => html`<li><span class="mono">${a.AliasName}</span>
        <button class="link danger-text" aria-label=${`Delete alias ${a.AliasName}`} onClick=${run('DeleteAlias', { AliasName: a.AliasName })}>Delete</button></li>`)}
        ${data.aliases.length === 0 ? html`<li class="muted">No alias.</li>` : null}</ul>
      <form class="row" onSubmit=${addAlias}>
        <div class="field grow"><label for="new-alias">New alias</label><input id="new-alias" name="alias" required placeholder="alias/name" spellcheck="false" /></div>
        <button type="submit" class="secondary">Add alias</button>
      </form>
      <h3>Tags</h3>
      <table><thead><tr><th scope="col">Key</th><th scope="col">Value</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
        <tbody>${data.tags.map((t) => html`<tr><td>${t.TagKey}</td><td>${t.TagValue}</td>
          <td><button class="link danger-text" aria-label=${`Remove tag ${t.TagKey}`} onClick=${run('UntagResource', { KeyId: keyId, TagKeys: [t.TagKey] })}>Remove</button></td></tr>`)}</tbody></table>
      ${data.tags.length === 0 ? html`<p class="muted">No tag.</p>` : null}
      <form class="row" onSubmit=${addTag}>
        <div class="field"><label for="tag-key">Tag key</label><input id="tag-key" name="tagKey" required /></div>
        <div class="field"><label for="tag-value">Tag value</label><input id="tag-value" name="tagValue" /></div>
        <button type="submit" class="secondary">Add tag</button>
      </form>` : null}
  </${Section}>`;
}
