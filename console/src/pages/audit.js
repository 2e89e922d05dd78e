// The audit explorer (Keyward's LookupEvents, CloudTrail's filters): one lookup attribute, a time range, pages by
// NextToken; each event opens to its CloudTrail JSON, with the chain facts it carries.
import { useState } from 'preact/hooks';
import { keyward } from '../api/kms.js';
import { ErrorBox, Facts, Loading, useAsync } from '../ui/components.js';
import { formatDate } from '../ui/format.js';
import { html } from '../ui/html.js';

const ATTRIBUTES = ['EventName', 'Username', 'ResourceName', 'EventSource', 'AccessKeyId', 'ReadOnly', 'ErrorCode', 'PrincipalArn', 'RequestId', 'EventId', 'ResourceType'];
const toEpoch = (local) => (local ? Math.floor(new Date(local).getTime() / 1000) : undefined);

export function AuditExplorer({ query }) {
  const [filter, setFilter] = useState({ key: query.get('attr') ?? 'EventName', value: query.get('value') ?? '', start: '', end: '' });
  const [applied, setApplied] = useState(filter);
  const [tokens, setTokens] = useState([undefined]);
  const [selected, setSelected] = useState();
  const { data, error, loading } = useAsync(() => keyward('LookupEvents', {
    MaxResults: 50,
    ...(applied.value.trim() ? { LookupAttributes: [{ AttributeKey: applied.key, AttributeValue: applied.value.trim() }] } : {}),
    ...(applied.start ? { StartTime: toEpoch(applied.start) } : {}), ...(applied.end ? { EndTime: toEpoch(applied.end) } : {}),
    ...(tokens.at(-1) ? { NextToken: tokens.at(-1) } : {}),
  }), [applied, tokens]);
  const submit = (e) => (e.preventDefault(), setApplied(filter), setTokens([undefined]), setSelected(undefined));
  const set = (name) => (e) => setFilter({ ...filter, [name]: e.currentTarget.value });
  const detail = selected ? JSON.parse(selected.CloudTrailEvent) : undefined;
  return html`<div>
    <h1>Audit explorer</h1>
    <form class="toolbar" role="search" onSubmit=${submit} aria-label="Audit event filters">
      <div class="field"><label for="audit-attr">Attribute</label>
        <select id="audit-attr" value=${filter.key} onChange=${set('key')}>${ATTRIBUTES.map((a) => html`<option value=${a}>${a}</option>`)}</select></div>
      <div class="field grow"><label for="audit-value">Value</label><input id="audit-value" value=${filter.value} onInput=${set('value')} spellcheck="false" /></div>
      <div class="field"><label for="audit-start">From</label><input id="audit-start" type="datetime-local" value=${filter.start} onInput=${set('start')} /></div>
      <div class="field"><label for="audit-end">To</label><input id="audit-end" type="datetime-local" value=${filter.end} onInput=${set('end')} /></div>
      <button type="submit">Look up</button>
    </form>
    <${ErrorBox} error=${error} />
    ${loading ? html`<${Loading} what="Looking up events" />` : null}
    ${data ? html`<div class="split">
      <div class="table-wrap" tabindex="0" role="region" aria-label="Audit events table"><table class="events">
        <caption class="sr-only">Audit events, newest first</caption>
        <thead><tr><th scope="col">Time</th><th scope="col">Event</th><th scope="col">User</th><th scope="col">Resource</th><th scope="col">Error</th></tr></thead>
        <tbody>${data.Events.map((e) => {
          const ct = JSON.parse(e.CloudTrailEvent);
          const isSelected = selected?.EventId === e.EventId;
          return html`<tr class=${isSelected ? 'selected' : ''}>
            <td>${formatDate(e.EventTime)}</td>
            <td><button class="link" aria-current=${isSelected ? 'true' : undefined} onClick=${() => setSelected(e)}>${e.EventName}</button></td>
            <td class="wrap">${e.Username ?? '—'}</td><td class="mono wrap">${(e.Resources ?? []).map((r) => r.ResourceName).join(', ') || '—'}</td>
            <td>${ct.errorCode ?? ''}</td></tr>`;
        })}</tbody>
      </table>
      ${data.Events.length === 0 ? html`<p class="muted">No event matches.</p>` : null}
      <nav class="row pager" aria-label="Pages">
        <button class="secondary" disabled=${tokens.length === 1} onClick=${() => setTokens(tokens.slice(0, -1))}>Newer</button>
        <button class="secondary" disabled=${!data.NextToken} onClick=${() => setTokens([...tokens, data.NextToken])}>Older</button>
      </nav></div>
      ${detail ? html`<section class="card event-detail" aria-labelledby="event-title">
        <h2 id="event-title">${selected.EventName} <small class="muted">${formatDate(selected.EventTime)}</small></h2>
        <${Facts} rows=${[
          ['Principal', detail.userIdentity?.arn], ['Access key', detail.userIdentity?.accessKeyId], ['Source address', detail.sourceIPAddress],
          ['Request id', detail.requestID], ['Error', detail.errorCode ? `${detail.errorCode}: ${detail.errorMessage ?? ''}` : undefined],
          ['Audit chain', chainText(detail)],
        ]} />
        <pre class="json" tabindex="0" aria-label="Event JSON">${JSON.stringify(detail, null, 2)}</pre>
      </section>` : null}
    </div>` : null}
  </div>`;
}

/**
 * The event's place in the audit hash chain (additionalEventData.auditSeq and auditHash, src/audit/events): which
 * record it is and the hash that links the next one to it. Verifying the chain is `keyward audit verify` (no API
 * operation reports it), so the console shows the link, not a verdict.
 */
function chainText(ct) {
  const a = ct.additionalEventData ?? {};
  if (a.auditSeq === undefined) return undefined;
  return `record ${a.auditSeq}, hash ${a.auditHash ?? '—'}`;
}
