// The keys list: one ListKeys page at a time (server-side pagination with Marker, so 10,000 keys load as fast as 25),
// each key described (DescribeKey) with its aliases (ListAliases by KeyId) as the answers come; search, filters and sort apply to the page
// shown. A search that names a key id, ARN or alias not on the page opens it directly.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { kms } from '../api/kms.js';
import { ErrorBox, Loading, StateBadge, useAsync } from '../ui/components.js';
import { formatDate } from '../ui/format.js';
import { html } from '../ui/html.js';
import { navigate } from '../ui/router.js';
import { KEY_USAGES, KEY_STATES, SPEC_NAMES } from '../key-spec-choices.js';

const PAGE_SIZES = [25, 50, 100];
const COLUMNS = [
  ['alias', 'Aliases', (k) => k.aliases.join(', ')],
  ['id', 'Key ID', (k) => k.KeyId],
  ['state', 'State', (k) => k.KeyState],
  ['spec', 'Key spec', (k) => k.KeySpec],
  ['usage', 'Usage', (k) => k.KeyUsage],
  ['created', 'Created', (k) => k.CreationDate],
];

async function loadPage(limit, marker) {
  const page = await kms('ListKeys', { Limit: limit, ...(marker ? { Marker: marker } : {}) });
  return { ids: page.Keys.map((k) => k.KeyId), next: page.Truncated ? page.NextMarker : undefined };
}

async function describe(KeyId) {
  const [{ KeyMetadata }, { Aliases }] = await Promise.all([kms('DescribeKey', { KeyId }), kms('ListAliases', { KeyId })]);
  return { ...KeyMetadata, aliases: Aliases.map((a) => a.AliasName) };
}

/**
 * The page's keys, shown as soon as ListKeys answers (each row links to its key at once) and filled in as each
 * DescribeKey and ListAliases answers: the list is usable after one round trip, whatever the page size.
 */
function useDescribed(ids) {
  const [described, setDescribed] = useState(new Map());
  useEffect(() => {
    let live = true;
    setDescribed(new Map());
    for (const id of ids ?? []) {
      describe(id).then(
        (k) => live && setDescribed((m) => new Map(m).set(id, k)),
        (error) => live && setDescribed((m) => new Map(m).set(id, { KeyId: id, aliases: [], error })),
      );
    }
    return () => (live = false);
  }, [ids]);
  return (ids ?? []).map((id) => described.get(id) ?? { KeyId: id, aliases: [], pending: true });
}

export function KeysList() {
  const [limit, setLimit] = useState(25);
  const [markers, setMarkers] = useState([undefined]); // markers[i] starts page i
  const page = markers.length - 1;
  const { data, error, loading } = useAsync(() => loadPage(limit, markers[page]), [limit, markers]);
  const [q, setQ] = useState('');
  const [filters, setFilters] = useState({ state: '', spec: '', usage: '', alias: '' });
  const [sort, setSort] = useState({ by: 'created', dir: -1 });
  const [lookupError, setLookupError] = useState();
  const keys = useDescribed(data?.ids);

  const rows = useMemo(() => {
    if (!data) return [];
    const text = q.trim().toLowerCase();
    const col = COLUMNS.find(([k]) => k === sort.by);
    const narrowing = text || Object.values(filters).some(Boolean);
    return keys
      .filter((k) => !(k.pending && narrowing)) // a row still loading matches no search or filter yet
      .filter((k) => !text || [k.KeyId, k.Arn, k.Description, ...k.aliases].some((v) => String(v ?? '').toLowerCase().includes(text)))
      .filter((k) => (!filters.state || k.KeyState === filters.state) && (!filters.spec || k.KeySpec === filters.spec)
        && (!filters.usage || k.KeyUsage === filters.usage)
        && (filters.alias === '' || (filters.alias === 'with' ? k.aliases.length > 0 : k.aliases.length === 0)))
      .sort((a, b) => {
        const x = col[2](a) ?? '';
        const y = col[2](b) ?? '';
        return (x < y ? -1 : x > y ? 1 : 0) * sort.dir;
      });
  }, [data, keys, q, filters, sort]);

  const openDirect = async (e) => {
    e.preventDefault();
    setLookupError(undefined);
    const id = q.trim();
    if (!id) return;
    try {
      const { KeyMetadata } = await kms('DescribeKey', { KeyId: id });
      navigate(`/keys/${KeyMetadata.KeyId}`);
    } catch (err) {
      setLookupError(err);
    }
  };
  const setFilter = (name) => (e) => setFilters({ ...filters, [name]: e.currentTarget.value });
  const sortBy = (by) => setSort((s) => ({ by, dir: s.by === by ? -s.dir : 1 }));

  return html`<div>
    <div class="page-head"><h1>Keys</h1><a class="button" href="#/keys/new">Create key</a></div>
    <form class="toolbar" role="search" onSubmit=${openDirect}>
      <div class="field grow"><label for="key-search">Search this page, or open a key by id, ARN or alias</label>
        <input id="key-search" type="search" value=${q} onInput=${(e) => setQ(e.currentTarget.value)} placeholder="alias/… or key id" /></div>
      <button type="submit" class="secondary">Open key</button>
      ${[['state', 'State', KEY_STATES], ['spec', 'Key spec', SPEC_NAMES], ['usage', 'Usage', KEY_USAGES]].map(([name, label, values]) => html`
        <div class="field"><label for=${`filter-${name}`}>${label}</label>
          <select id=${`filter-${name}`} value=${filters[name]} onChange=${setFilter(name)}>
            <option value="">Any</option>${values.map((v) => html`<option value=${v}>${v}</option>`)}
          </select></div>`)}
      <div class="field"><label for="filter-alias">Alias</label>
        <select id="filter-alias" value=${filters.alias} onChange=${setFilter('alias')}>
          <option value="">Any</option><option value="with">With an alias</option><option value="without">Without</option>
        </select></div>
    </form>
    <${ErrorBox} error=${lookupError ?? error} />
    ${loading ? html`<${Loading} what="Loading keys" />` : null}
    ${data ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="Keys table"><table class="keys">
      <caption class="sr-only">Keys, page ${page + 1}</caption>
      <thead><tr>${COLUMNS.map(([k, label]) => html`<th scope="col" aria-sort=${sort.by === k ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none'}>
        <button class="link" onClick=${() => sortBy(k)}>${label}${sort.by === k ? (sort.dir > 0 ? ' ▲' : ' ▼') : ''}</button></th>`)}</tr></thead>
      <tbody>${rows.map((k) => html`<tr aria-busy=${k.pending ? 'true' : 'false'}>
        <td>${k.aliases.join(', ') || html`<span class="muted">${k.pending ? '…' : '—'}</span>`}</td>
        <td><a href=${`#/keys/${k.KeyId}`} class="mono">${k.KeyId}</a></td>
        ${k.pending || k.error
          ? html`<td colspan="4" class="muted">${k.error ? html`<span role="alert">${k.error.code ?? 'Error'}: ${k.error.message}</span>` : 'Loading…'}</td>`
          : html`<td><${StateBadge} state=${k.KeyState} /></td><td>${k.KeySpec}</td><td>${k.KeyUsage}</td><td>${formatDate(k.CreationDate)}</td>`}
      </tr>`)}</tbody>
    </table></div>
    ${rows.length === 0 ? html`<p class="muted">No key on this page matches.</p>` : null}
    <nav class="row pager" aria-label="Pages">
      <button class="secondary" disabled=${page === 0} onClick=${() => setMarkers(markers.slice(0, -1))}>Previous page</button>
      <span>Page ${page + 1}</span>
      <button class="secondary" disabled=${!data.next} onClick=${() => setMarkers([...markers, data.next])}>Next page</button>
      <label for="page-size">Per page</label>
      <select id="page-size" value=${limit} onChange=${(e) => (setLimit(Number(e.currentTarget.value)), setMarkers([undefined]))}>
        ${PAGE_SIZES.map((n) => html`<option value=${n}>${n}</option>`)}
      </select>
    </nav>` : null}
  </div>`;
}
