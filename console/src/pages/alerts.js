// Anomaly alerts (issue 14): ListAlerts by state, newest first, with type, severity, key, principal, source, how often
// and when; AcknowledgeAlert with a note. The next occurrence of an acknowledged alert opens a new one.
import { useState } from 'preact/hooks';
import { keyward } from '../api/kms.js';
import { ErrorBox, Loading, Notice, useAction, useAsync } from '../ui/components.js';
import { formatDate } from '../ui/format.js';
import { html } from '../ui/html.js';

export function Alerts() {
  const [state, setState] = useState('OPEN');
  const { data, error, loading, reload } = useAsync(() => keyward('ListAlerts', { State: state, Limit: 100 }), [state]);
  const { done, failure, run } = useAction(reload);
  const acknowledge = (alert) => (e) => {
    e.preventDefault();
    const note = new FormData(e.currentTarget).get('note') || undefined;
    run(() => keyward('AcknowledgeAlert', { AlertId: alert.AlertId, ...(note ? { Note: note } : {}) }), `Acknowledged ${alert.AlertType} (${alert.AlertId}).`);
  };
  return html`<div>
    <h1>Alerts</h1>
    <div class="toolbar"><div class="field"><label for="alert-state">State</label>
      <select id="alert-state" value=${state} onChange=${(e) => setState(e.currentTarget.value)}>
        <option value="OPEN">OPEN</option><option value="ACKNOWLEDGED">ACKNOWLEDGED</option></select></div></div>
    ${done ? html`<${Notice}>${done}</${Notice}>` : null}
    <${ErrorBox} error=${failure ?? error} />
    ${loading && !data ? html`<${Loading} what="Loading alerts" />` : null}
    ${data && data.Alerts.length === 0 ? html`<p class="muted">No ${state.toLowerCase()} alert.</p>` : null}
    ${data && data.Alerts.length ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="Alerts table"><table class="alerts">
      <thead><tr><th scope="col">Type</th><th scope="col">Severity</th><th scope="col">Key</th><th scope="col">Principal</th>
        <th scope="col">Source</th><th scope="col">Count</th><th scope="col">Last seen</th><th scope="col">${state === 'OPEN' ? 'Acknowledge' : 'Acknowledged'}</th></tr></thead>
      <tbody>${data.Alerts.map((a) => html`<tr>
        <td>${a.AlertType}</td><td>${a.Severity}</td><td class="mono">${a.KeyId ?? '—'}</td><td class="mono">${a.Principal ?? '—'}</td>
        <td>${a.SourceAddress ?? '—'}</td><td>${a.Count}</td><td>${formatDate(a.LastSeenDate)}</td>
        <td>${a.State === 'OPEN' ? html`<form class="row" onSubmit=${acknowledge(a)}>
            <label class="sr-only" for=${`note-${a.AlertId}`}>Note for ${a.AlertType}</label>
            <input id=${`note-${a.AlertId}`} name="note" maxlength="1024" placeholder="note" />
            <button type="submit" class="secondary" aria-label=${`Acknowledge ${a.AlertType} ${a.AlertId}`}>Acknowledge</button></form>`
          : html`${a.AcknowledgedBy ?? ''} ${formatDate(a.AcknowledgedDate)}${a.AcknowledgementNote ? `: ${a.AcknowledgementNote}` : ''}`}</td>
      </tr>`)}</tbody></table></div>` : null}
  </div>`;
}
