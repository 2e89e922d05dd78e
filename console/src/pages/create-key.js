// The create-key wizard: key type (every KeySpec and the usages it admits), origin (every Origin AWS allows for that
// spec, with the custom key store it needs), alias/description/tags, then a review before CreateKey (+ CreateAlias).
import { useState } from 'preact/hooks';
import { kms } from '../api/kms.js';
import { ErrorBox, Facts } from '../ui/components.js';
import { html } from '../ui/html.js';
import { navigate } from '../ui/router.js';
import { needsCustomKeyStore, originAllows, ORIGINS, SPEC_NAMES, specSupported, usagesOf } from '../key-spec-choices.js';

const STEPS = ['Key type', 'Origin', 'Labels', 'Review'];
const ORIGIN_TEXT = {
  AWS_KMS: 'Keyward generates the key material',
  EXTERNAL: 'You import the key material (the key waits in PendingImport)',
  AWS_CLOUDHSM: 'Generated in a PKCS#11 custom key store',
  EXTERNAL_KEY_STORE: 'Held in an external key store',
};

function Radios({ legend, name, values, value, onChange, describe, disabled = () => false }) {
  return html`<fieldset class="radios"><legend>${legend}</legend>
    ${values.map((v) => html`<label class=${disabled(v) ? 'disabled' : ''}>
      <input type="radio" name=${name} value=${v} checked=${value === v} disabled=${disabled(v)} onChange=${() => onChange(v)} />
      <span>${v}</span>${describe ? html`<small class="muted">${describe(v)}</small>` : null}
    </label>`)}
  </fieldset>`;
}

export function CreateKey() {
  const [step, setStep] = useState(0);
  const [spec, setSpec] = useState('SYMMETRIC_DEFAULT');
  const [usage, setUsage] = useState('ENCRYPT_DECRYPT');
  const [origin, setOrigin] = useState('AWS_KMS');
  const [storeId, setStoreId] = useState('');
  const [xksKeyId, setXksKeyId] = useState('');
  const [multiRegion, setMultiRegion] = useState(false);
  const [alias, setAlias] = useState('');
  const [description, setDescription] = useState('');
  const [tags, setTags] = useState('');
  const [error, setError] = useState();
  const [busy, setBusy] = useState(false);

  const chooseSpec = (s) => {
    setSpec(s);
    if (!usagesOf(s).includes(usage)) setUsage(usagesOf(s)[0]);
    if (!originAllows(origin, s)) setOrigin('AWS_KMS');
  };
  const tagList = tags.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const at = l.indexOf('=');
    return at < 0 ? { TagKey: l, TagValue: '' } : { TagKey: l.slice(0, at).trim(), TagValue: l.slice(at + 1).trim() };
  });
  const aliasName = alias.trim() ? (alias.trim().startsWith('alias/') ? alias.trim() : `alias/${alias.trim()}`) : '';
  const input = {
    KeySpec: spec, KeyUsage: usage, Origin: origin,
    ...(needsCustomKeyStore(origin) ? { CustomKeyStoreId: storeId.trim() } : {}),
    ...(origin === 'EXTERNAL_KEY_STORE' ? { XksKeyId: xksKeyId.trim() } : {}),
    ...(multiRegion ? { MultiRegion: true } : {}),
    ...(description.trim() ? { Description: description.trim() } : {}),
    ...(tagList.length ? { Tags: tagList } : {}),
  };

  const create = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const { KeyMetadata } = await kms('CreateKey', input);
      if (aliasName) await kms('CreateAlias', { AliasName: aliasName, TargetKeyId: KeyMetadata.KeyId });
      navigate(`/keys/${KeyMetadata.KeyId}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const canNext = step !== 1 || !needsCustomKeyStore(origin)
    || (storeId.trim() !== '' && (origin !== 'EXTERNAL_KEY_STORE' || xksKeyId.trim() !== ''));

  return html`<div class="wizard">
    <h1>Create key</h1>
    <ol class="steps" aria-label="Steps">${STEPS.map((s, i) => html`<li aria-current=${i === step ? 'step' : undefined} class=${i < step ? 'done' : ''}>${s}</li>`)}</ol>
    <div class="card">
      <h2>${STEPS[step]}</h2>
      ${step === 0 ? html`
        <${Radios} legend="Key spec" name="spec" values=${SPEC_NAMES} value=${spec} onChange=${chooseSpec}
          disabled=${(s) => !specSupported(s)} describe=${(s) => (specSupported(s) ? usagesOf(s).join(', ') : 'AWS China Regions only: not offered by Keyward')} />
        <${Radios} legend="Key usage" name="usage" values=${usagesOf(spec)} value=${usage} onChange=${setUsage} />` : null}
      ${step === 1 ? html`
        <${Radios} legend="Key material origin" name="origin" values=${ORIGINS} value=${origin} onChange=${setOrigin}
          disabled=${(o) => !originAllows(o, spec)} describe=${(o) => (originAllows(o, spec) ? ORIGIN_TEXT[o] : 'Only for SYMMETRIC_DEFAULT keys')} />
        ${needsCustomKeyStore(origin) ? html`<div class="field"><label for="store-id">Custom key store ID</label>
          <input id="store-id" value=${storeId} onInput=${(e) => setStoreId(e.currentTarget.value)} placeholder="cks-…" required /></div>` : null}
        ${origin === 'EXTERNAL_KEY_STORE' ? html`<div class="field"><label for="xks-key-id">External key ID (XksKeyId)</label>
          <input id="xks-key-id" value=${xksKeyId} onInput=${(e) => setXksKeyId(e.currentTarget.value)} required /></div>` : null}
        <label class="check"><input type="checkbox" checked=${multiRegion} onChange=${(e) => setMultiRegion(e.currentTarget.checked)} /> Multi-Region key</label>` : null}
      ${step === 2 ? html`
        <div class="field"><label for="alias">Alias (optional)</label>
          <input id="alias" value=${alias} onInput=${(e) => setAlias(e.currentTarget.value)} placeholder="alias/my-key" spellcheck="false" /></div>
        <div class="field"><label for="description">Description (optional)</label>
          <input id="description" value=${description} onInput=${(e) => setDescription(e.currentTarget.value)} /></div>
        <div class="field"><label for="tags">Tags, one KEY=VALUE a line (optional)</label>
          <textarea id="tags" rows="3" value=${tags} onInput=${(e) => setTags(e.currentTarget.value)}></textarea></div>` : null}
      ${step === 3 ? html`<${Facts} rows=${[
        ['Key spec', spec], ['Key usage', usage], ['Origin', origin], ['Custom key store', input.CustomKeyStoreId], ['External key', input.XksKeyId],
        ['Multi-Region', multiRegion ? 'yes' : 'no'], ['Alias', aliasName], ['Description', input.Description],
        ['Tags', tagList.map((t) => `${t.TagKey}=${t.TagValue}`).join(', ')], ['Key policy', 'the default policy (the account may use the key)'],
      ]} />` : null}
      <${ErrorBox} error=${error} />
      <div class="row end">
        ${step > 0 ? html`<button class="secondary" onClick=${() => setStep(step - 1)}>Back</button>` : html`<a class="button secondary" href="#/keys">Cancel</a>`}
        ${step < STEPS.length - 1
          ? html`<button onClick=${() => setStep(step + 1)} disabled=${!canNext}>Next</button>`
          : html`<button onClick=${create} disabled=${busy}>${busy ? 'Creating…' : 'Create key'}</button>`}
      </div>
    </div>
  </div>`;
}
