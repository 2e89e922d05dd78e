// The key policy editor: the current policy (GetKeyPolicy), checked in the page as it is edited, then a line diff to
// review before PutKeyPolicy. An invalid document is never sent.
import { useState } from 'preact/hooks';
import { kms } from '../../api/kms.js';
import { ErrorBox, Loading, Notice, Section, useAsync } from '../../ui/components.js';
import { html } from '../../ui/html.js';
import { lineDiff } from '../../ui/line-diff.js';
import { checkPolicy, formatPolicy } from '../../ui/policy-check.js';

export function PolicyEditor({ keyId, version }) {
  const [bump, setBump] = useState(0);
  const { data, error, loading } = useAsync(async () => {
    const { Policy } = await kms('GetKeyPolicy', { KeyId: keyId, PolicyName: 'default' });
    return formatPolicy(Policy);
  }, [keyId, version, bump]);
  const [draft, setDraft] = useState();
  const [problems, setProblems] = useState([]);
  const [review, setReview] = useState(false);
  const [saved, setSaved] = useState(false);
  const [saveError, setSaveError] = useState();
  const text = draft ?? data ?? '';

  const startReview = () => {
    setSaved(false);
    setSaveError(undefined);
    const found = checkPolicy(text);
    setProblems(found);
    setReview(found.length === 0);
  };
  const save = async () => {
    try {
      await kms('PutKeyPolicy', { KeyId: keyId, PolicyName: 'default', Policy: formatPolicy(text) });
      setReview(false);
      setDraft(undefined);
      setSaved(true);
      setBump((b) => b + 1);
    } catch (err) {
      setSaveError(err);
    }
  };
  return html`<${Section} title="Key policy" id="sec-policy" wide>
    ${loading && data === undefined ? html`<${Loading} />` : null}
    <${ErrorBox} error=${error ?? saveError} />
    ${data !== undefined ? html`
      <div class="field"><label for="policy-text">Policy document (JSON)</label>
        <textarea id="policy-text" class="mono" rows="16" spellcheck="false" aria-invalid=${problems.length > 0 ? 'true' : 'false'}
          aria-describedby="policy-problems" value=${text}
          onInput=${(e) => (setDraft(e.currentTarget.value), setReview(false), setProblems([]), setSaved(false))}></textarea></div>
      <div id="policy-problems" aria-live="polite">
        ${problems.length ? html`<div class="error" role="alert"><strong>The policy was not saved.</strong><ul>${problems.map((p) => html`<li>${p}</li>`)}</ul></div>` : null}
      </div>
      ${saved ? html`<${Notice}>Policy saved.</${Notice}>` : null}
      ${review ? html`<div class="diff-box">
        <h3>Review the change</h3>
        <pre class="diff" tabindex="0" aria-label="Policy changes">${lineDiff(data, formatPolicy(text)).map((d) => html`<span class=${d.op === '+' ? 'add' : d.op === '-' ? 'del' : ''}>${d.op} ${d.line}\n</span>`)}</pre>
        <div class="row"><button onClick=${save}>Save policy</button><button class="secondary" onClick=${() => setReview(false)}>Keep editing</button></div>
      </div>` : html`<div class="row">
        <button onClick=${startReview} disabled=${draft === undefined}>Review changes</button>
        <button class="secondary" onClick=${() => (setDraft(undefined), setProblems([]))} disabled=${draft === undefined}>Discard</button>
      </div>`}` : null}
  </${Section}>`;
}
