// Confirmation of a destructive action as AWS's console asks it: a modal <dialog> (the browser traps focus and Escape
// cancels) whose confirm button stays disabled until the user types the expected text (the key id, or "confirm").
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';

let seq = 0;

export function ConfirmDialog({ open, title, children, expected, confirmLabel, onConfirm, onCancel, busy }) {
  const ref = useRef();
  const [id] = useState(() => `confirm-${++seq}`); // a page may hold several dialogs: ids must stay unique
  const [typed, setTyped] = useState('');
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setTyped('');
      d.showModal();
    } else if (!open && d.open) d.close();
  }, [open]);
  const ok = expected === undefined || typed.trim() === expected;
  return html`<dialog ref=${ref} class="dialog" aria-labelledby=${`${id}-title`} onCancel=${(e) => (e.preventDefault(), onCancel())}>
    <form method="dialog" onSubmit=${(e) => (e.preventDefault(), ok && onConfirm())}>
      <h2 id=${`${id}-title`}>${title}</h2>
      ${children}
      ${expected !== undefined ? html`<div class="field">
        <label for=${`${id}-typed`}>To confirm, type <code>${expected}</code></label>
        <input id=${`${id}-typed`} autocomplete="off" spellcheck="false" value=${typed} onInput=${(e) => setTyped(e.currentTarget.value)} />
      </div>` : null}
      <div class="row end">
        <button type="button" class="secondary" onClick=${onCancel}>Cancel</button>
        <button type="submit" class="danger" disabled=${!ok || busy}>${confirmLabel}</button>
      </div>
    </form>
  </dialog>`;
}
