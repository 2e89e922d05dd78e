// Small shared pieces: the async-data hook, error and status boxes, a labelled field, and the key state badge.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { html } from './html.js';

/** Runs `load` when `deps` change; { data, error, loading, reload }. */
export function useAsync(load, deps) {
  const [state, setState] = useState({ loading: true });
  const run = useCallback(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    load().then((data) => live && setState({ data, loading: false }), (error) => live && setState({ error, loading: false }));
    return () => (live = false);
  }, deps);
  useEffect(run, [run]);
  return { ...state, reload: run };
}

/**
 * A user action's outcome: `run(fn, message)` clears the last outcome, awaits fn, then shows `message` (and calls
 * `after`, e.g. a reload) or keeps the error for an ErrorBox.
 */
export function useAction(after) {
  const [done, setDone] = useState();
  const [failure, setFailure] = useState();
  const run = async (fn, message) => {
    setDone(undefined);
    setFailure(undefined);
    try {
      await fn();
      setDone(message);
      after?.();
    } catch (err) {
      setFailure(err);
    }
  };
  return { done, failure, run };
}

export const ErrorBox = ({ error }) => error
  ? html`<div class="error" role="alert"><strong>${error.code ?? error.name ?? 'Error'}</strong>: ${error.message}</div>` : null;

export const Loading = ({ what = 'Loading' }) => html`<p class="muted" role="status">${what}…</p>`;

export const Notice = ({ children }) => html`<div class="notice" role="status">${children}</div>`;

let fieldSeq = 0;
/** A label bound to its control; `control` receives the id. */
export function Field({ label, hint, children }) {
  const [id] = useState(() => `f${++fieldSeq}`);
  const hintId = hint ? `${id}-hint` : undefined;
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${children({ id, 'aria-describedby': hintId })}
    ${hint ? html`<small id=${hintId} class="muted">${hint}</small>` : null}
  </div>`;
}

export const StateBadge = ({ state }) => html`<span class=${`badge state-${String(state).toLowerCase()}`}>${state}</span>`;

/** A card with its heading; `wide` spans the whole grid row (tables with many columns). */
export const Section = ({ title, id, children, actions, wide }) => html`<section class=${wide ? 'card wide' : 'card'} aria-labelledby=${id}>
  <div class="card-head"><h2 id=${id}>${title}</h2>${actions ?? null}</div>
  ${children}
</section>`;

/** A definition list from [label, value] pairs (undefined values are left out). */
export const Facts = ({ rows }) => html`<dl class="facts">
  ${rows.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}
</dl>`;
