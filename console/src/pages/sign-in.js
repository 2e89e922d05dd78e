// Sign-in with an access key id and secret: exchanged at once for temporary credentials (STS GetSessionToken);
// the secret is not kept after the exchange.
import { useEffect, useState } from 'preact/hooks';
import { serverSettings, signIn, signOutReason } from '../api/session.js';
import { ErrorBox, Notice } from '../ui/components.js';
import { html } from '../ui/html.js';

export function SignIn() {
  const [region, setRegion] = useState('');
  const [error, setError] = useState();
  const [busy, setBusy] = useState(false);
  useEffect(() => void serverSettings().then((s) => setRegion((r) => r || s.region)), []);
  const submit = async (e) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    setBusy(true);
    setError(undefined);
    try {
      await signIn({ accessKeyId: String(data.get('accessKeyId')), secretAccessKey: String(data.get('secretAccessKey')), region });
      form.reset(); // the secret leaves the DOM with the form's values
      if (!location.hash || location.hash === '#/') location.hash = '#/keys';
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<div class="signin card">
    <h1>Sign in to Keyward</h1>
    ${signOutReason ? html`<${Notice}>${signOutReason}</${Notice}>` : null}
    <p class="muted">Your access key is exchanged for temporary credentials (STS GetSessionToken) that live only in this tab's memory.</p>
    <form onSubmit=${submit}>
      <div class="field"><label for="akid">Access key ID</label>
        <input id="akid" name="accessKeyId" required autocomplete="username" spellcheck="false" /></div>
      <div class="field"><label for="secret">Secret access key</label>
        <input id="secret" name="secretAccessKey" type="password" required autocomplete="current-password" /></div>
      <div class="field"><label for="region">Region</label>
        <input id="region" name="region" required value=${region} onInput=${(e) => setRegion(e.currentTarget.value)} /></div>
      <${ErrorBox} error=${error} />
      <button type="submit" disabled=${busy}>${busy ? 'Signing in…' : 'Sign in'}</button>
    </form>
  </div>`;
}
