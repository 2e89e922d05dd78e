// "Try it": run a test string through the key with the operation its usage allows — Encrypt then Decrypt,
// Sign then Verify, GenerateMac then VerifyMac — with one of the algorithms the key lists.
import { useState } from 'preact/hooks';
import { kms } from '../../api/kms.js';
import { ErrorBox, Notice, Section } from '../../ui/components.js';
import { base64ToText, textToBase64 } from '../../ui/base64.js';
import { html } from '../../ui/html.js';

/** Per usage: the algorithm list in KeyMetadata, and the two operations with their request and result members. */
const MODES = {
  ENCRYPT_DECRYPT: {
    list: 'EncryptionAlgorithms', first: 'Encrypt', second: 'Decrypt',
    run1: (keyId, alg, text) => kms('Encrypt', { KeyId: keyId, Plaintext: textToBase64(text), EncryptionAlgorithm: alg }).then((o) => o.CiphertextBlob),
    run2: (keyId, alg, _text, blob) => kms('Decrypt', { KeyId: keyId, CiphertextBlob: blob, EncryptionAlgorithm: alg }).then((o) => base64ToText(o.Plaintext)),
    label1: 'Ciphertext (base64)', label2: 'Decrypted plaintext',
  },
  SIGN_VERIFY: {
    list: 'SigningAlgorithms', first: 'Sign', second: 'Verify',
    run1: (keyId, alg, text) => kms('Sign', { KeyId: keyId, Message: textToBase64(text), MessageType: 'RAW', SigningAlgorithm: alg }).then((o) => o.Signature),
    run2: (keyId, alg, text, sig) => kms('Verify', { KeyId: keyId, Message: textToBase64(text), MessageType: 'RAW', SigningAlgorithm: alg, Signature: sig })
      .then((o) => (o.SignatureValid ? 'Signature valid' : 'Signature NOT valid')),
    label1: 'Signature (base64)', label2: 'Verification',
  },
  GENERATE_VERIFY_MAC: {
    list: 'MacAlgorithms', first: 'GenerateMac', second: 'VerifyMac',
    run1: (keyId, alg, text) => kms('GenerateMac', { KeyId: keyId, Message: textToBase64(text), MacAlgorithm: alg }).then((o) => o.Mac),
    run2: (keyId, alg, text, mac) => kms('VerifyMac', { KeyId: keyId, Message: textToBase64(text), MacAlgorithm: alg, Mac: mac })
      .then((o) => (o.MacValid ? 'MAC valid' : 'MAC NOT valid')),
    label1: 'MAC (base64)', label2: 'Verification',
  },
};

export function TryIt({ md, keyId }) {
  const mode = MODES[md.KeyUsage];
  const algorithms = mode ? md[mode.list] ?? [] : [];
  const [alg, setAlg] = useState(algorithms.find((a) => a !== 'RSAES_OAEP_SHA_1') ?? algorithms[0]);
  const [text, setText] = useState('hello from the Keyward console');
  const [out1, setOut1] = useState('');
  const [out2, setOut2] = useState('');
  const [error, setError] = useState();
  if (!mode) {
    return html`<${Section} title="Try it" id="sec-try"><p class="muted">A ${md.KeyUsage} key derives shared secrets (DeriveSharedSecret) with a peer's public key; there is no test string to try.</p></${Section}>`;
  }
  const step = (fn, set) => async () => {
    setError(undefined);
    try {
      set(await fn());
    } catch (err) {
      setError(err);
    }
  };
  const usable = md.KeyState === 'Enabled';
  return html`<${Section} title="Try it" id="sec-try">
    ${usable ? null : html`<${Notice}>The key is ${md.KeyState}: operations will be refused.</${Notice}>`}
    <div class="field"><label for="try-alg">Algorithm</label>
      <select id="try-alg" value=${alg} onChange=${(e) => setAlg(e.currentTarget.value)}>${algorithms.map((a) => html`<option value=${a}>${a}</option>`)}</select></div>
    <div class="field"><label for="try-text">Test string</label>
      <input id="try-text" value=${text} onInput=${(e) => setText(e.currentTarget.value)} /></div>
    <div class="row"><button onClick=${step(() => mode.run1(keyId, alg, text), (v) => (setOut1(v), setOut2('')))}>${mode.first}</button>
      <button class="secondary" disabled=${!out1} onClick=${step(() => mode.run2(keyId, alg, text, out1), setOut2)}>${mode.second}</button></div>
    <${ErrorBox} error=${error} />
    <div class="field"><label for="try-out1">${mode.label1}</label>
      <textarea id="try-out1" class="mono" rows="3" value=${out1} onInput=${(e) => setOut1(e.currentTarget.value)}></textarea></div>
    <div class="field"><label for="try-out2">${mode.label2}</label><output id="try-out2" class="mono" aria-live="polite">${out2}</output></div>
  </${Section}>`;
}
