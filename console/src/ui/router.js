// Hash routes (#/keys, #/keys/ID, ...): the server serves one index.html, and a route change never reloads the page
// (which would drop the in-memory credentials).
import { useEffect, useState } from 'preact/hooks';

export const ROUTES = [
  { pattern: /^\/keys$/, page: 'keys' },
  { pattern: /^\/keys\/new$/, page: 'create' },
  { pattern: /^\/keys\/([^/]+)$/, page: 'key' },
  { pattern: /^\/keys\/([^/]+)\/timeline$/, page: 'timeline' },
  { pattern: /^\/audit$/, page: 'audit' },
  { pattern: /^\/seal$/, page: 'seal' },
  { pattern: /^\/approvals$/, page: 'approvals' },
  { pattern: /^\/alerts$/, page: 'alerts' },
  { pattern: /^\/identities$/, page: 'identities' },
];

export function parseRoute(hash) {
  const [path, query = ''] = hash.replace(/^#/, '').split('?');
  for (const r of ROUTES) {
    const m = r.pattern.exec(path || '/keys');
    if (m) return { page: r.page, params: m.slice(1).map(decodeURIComponent), query: new URLSearchParams(query) };
  }
  return { page: 'keys', params: [], query: new URLSearchParams() };
}

export function useRoute() {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

export const navigate = (path) => void (location.hash = path);
