// A key's whole life on one screen: DescribeKeyLifecycle (state, archival, reactivation window, cryptoperiod,
// rotation, deletion, and its timeline of past and planned events) with the lifecycle events behind it
// (ListLifecycleEvents: who, which request, details), planned events counting down on the server's clock.
import { useState } from 'preact/hooks';
import { keyward, listAll } from '../api/kms.js';
import { serverOffsetMs } from '../api/server-clock.js';
import { ErrorBox, Facts, Loading, Section, StateBadge, useAsync } from '../ui/components.js';
import { Countdown } from '../ui/countdown.js';
import { formatDate, shortId } from '../ui/format.js';
import { html } from '../ui/html.js';

/** The timeline's event names, grouped for their marker colour. */
const KIND = [
  [/^KeyCreated/, 'created'], [/^KeyRotated/, 'rotation'], [/Disabled|Archived|Destroyed|Deleted|Ended|Closed/, 'stop'],
  [/Enabled|Reactivat|Cancel/, 'start'], [/Deletion|Destruction|Notice|Warning/, 'warn'],
];
const kindOf = (event) => KIND.find(([re]) => re.test(event))?.[1] ?? 'other';

export function Timeline({ params: [keyId] }) {
  const { data, error, loading } = useAsync(async () => {
    const [life, events, offsetMs] = await Promise.all([
      keyward('DescribeKeyLifecycle', { KeyId: keyId }),
      listAll(keyward, 'ListLifecycleEvents', { KeyId: keyId, Limit: 100 }, 'Events'),
      serverOffsetMs(),
    ]);
    return { life, events, offsetMs };
  }, [keyId]);
  const [open, setOpen] = useState();
  if (!data) return html`<div><h1>Lifecycle timeline</h1>${loading ? html`<${Loading} />` : null}<${ErrorBox} error=${error} /></div>`;
  const { life, events, offsetMs } = data;
  const id = shortId(life.KeyId);
  return html`<div>
    <div class="page-head"><h1>Lifecycle timeline <span class="mono">${id}</span></h1><a class="button secondary" href=${`#/keys/${id}`}>Key details</a></div>
    <div class="grid">
      <${Section} title="Where the key is" id="sec-life">
        <${Facts} rows=${[
          ['Lifecycle state', html`<${StateBadge} state=${life.LifecycleState} />`], ['AWS key state', life.KeyState],
          ['Created', formatDate(life.CreationDate)], ['Current version', life.CurrentKeyVersion], ['Minimum decryption version', life.MinimumDecryptionVersion],
          ['Automatic rotation', life.RotationEnabled ? `every ${life.RotationPeriodInDays} days` : 'off'],
          ['Next rotation', life.NextRotationDate ? formatDate(life.NextRotationDate) : undefined],
          ['Archived', life.Archival ? `${formatDate(life.Archival.ArchivedDate)}: ${life.Archival.Reason}` : undefined],
          ['Reactivation window', life.ReactivationWindow ? `${life.ReactivationWindow.Mode} until ${formatDate(life.ReactivationWindow.EndDate)}` : undefined],
          ['Cryptoperiod', life.Cryptoperiod ? `encrypt ${life.Cryptoperiod.OriginatorUsageDays} days, decrypt ${life.Cryptoperiod.RecipientUsageDays} days` : undefined],
          ['Transitions open', (life.AvailableTransitions ?? []).map((t) => `${t.To} (${t.Via})`).join(', ')],
        ]} />
        ${life.DeletionDate ? html`<p class="warn"><${Countdown} at=${life.DeletionDate} offsetMs=${offsetMs} label="Deleted" /></p>` : null}
        ${life.ReactivationWindow ? html`<p class="warn"><${Countdown} at=${life.ReactivationWindow.EndDate} offsetMs=${offsetMs} label="Window closes" /></p>` : null}
      </${Section}>
      <${Section} title="Timeline" id="sec-timeline">
        <ol class="timeline">${(life.Timeline ?? []).map((t) => html`<li class=${`tl-${kindOf(t.Event)}${t.Planned ? ' planned' : ''}`}>
          <time datetime=${new Date(t.Date * 1000).toISOString()}>${formatDate(t.Date)}</time>
          <span class="tl-event">${t.Event}${t.KeyVersion !== undefined ? html` <small>version ${t.KeyVersion}</small>` : null}</span>
          ${t.Planned ? html`<span class="badge">planned</span> <${Countdown} at=${t.Date} offsetMs=${offsetMs} label="Due" />` : null}
          ${t.Principal ? html`<small class="muted wrap">by ${t.Principal}</small>` : null}
        </li>`)}</ol>
      </${Section}>
      <${Section} title="Lifecycle events" id="sec-events" wide>
        ${events.length === 0 ? html`<p class="muted">No lifecycle event yet.</p>` : html`<div class="table-wrap" tabindex="0" role="region" aria-label="Lifecycle events table"><table>
          <thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">Version</th><th scope="col">By</th><th scope="col">Details</th></tr></thead>
          <tbody>${events.map((e) => html`<tr><td>${formatDate(e.EventDate)}</td><td>${e.EventType}</td><td>${e.KeyVersion ?? '—'}</td>
            <td class="wrap">${e.Principal ?? 'Keyward'}</td>
            <td><button class="link" aria-expanded=${open === e.EventId} onClick=${() => setOpen(open === e.EventId ? undefined : e.EventId)}>${open === e.EventId ? 'Hide' : 'Show'}</button>
              ${open === e.EventId ? html`<pre class="json" tabindex="0" aria-label="Event details">${JSON.stringify({ ...e, Details: e.Details ? JSON.parse(e.Details) : undefined }, null, 2)}</pre>` : null}</td></tr>`)}</tbody>
        </table></div>`}
      </${Section}>
    </div>
  </div>`;
}
