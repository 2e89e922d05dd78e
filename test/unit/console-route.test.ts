// The console's static route on a node:http server of its own: assets from a folder with the security headers, ETag
// revalidation, settings.json, GET/HEAD only, nothing outside the folder, and the answers when the console is off or
// not built.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CONSOLE_CSP, consoleRoute, isConsolePath, type ConsoleRoute } from '../../src/console/console-route.js';

const dir = mkdtempSync(join(tmpdir(), 'keyward-console-'));
mkdirSync(join(dir, 'img'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="app.js"></script>');
writeFileSync(join(dir, 'app.js'), 'console.log(1)');
writeFileSync(join(dir, 'img', 'icon.svg'), '<svg/>');
writeFileSync(join(tmpdir(), 'keyward-console-outside.txt'), 'outside');
const servers: Server[] = [];
after(() => {
  servers.forEach((s) => s.close());
  rmSync(dir, { recursive: true, force: true });
});

async function serve(route: ConsoleRoute): Promise<string> {
  const server = createServer((req, res) => route(req, res));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const settings = { region: 'eu-west-3', accountId: '111122223333' };

test('console paths are /console, /console/... and /console?...', () => {
  const table: [string, boolean][] = [['/console', true], ['/console/', true], ['/console/app.js', true], ['/console?x', true],
    ['/consoles', false], ['/', false], ['/_keyward/seal-status', false], ['/x/console/', false]];
  for (const [path, expected] of table) assert.equal(isConsolePath(path), expected, path);
});

test('assets are served with their type and the security headers, revalidated by ETag', async () => {
  const url = await serve(consoleRoute(true, settings, dir));
  const table: [string, number, string][] = [
    ['/console/', 200, 'text/html; charset=utf-8'], ['/console/index.html', 200, 'text/html; charset=utf-8'],
    ['/console/app.js', 200, 'text/javascript; charset=utf-8'], ['/console/img/icon.svg', 200, 'image/svg+xml'],
    ['/console/settings.json', 200, 'application/json'], ['/console/missing.js', 404, 'text/plain; charset=utf-8'],
    ['/console/../keyward-console-outside.txt', 404, 'text/plain; charset=utf-8'],
    ['/console/%2e%2e/keyward-console-outside.txt', 404, 'text/plain; charset=utf-8'],
  ];
  for (const [path, status, type] of table) {
    const res = await fetch(url + path);
    assert.equal(res.status, status, path);
    assert.equal(res.headers.get('content-type'), type, path);
    assert.equal(res.headers.get('content-security-policy'), CONSOLE_CSP, path);
    assert.equal(res.headers.get('x-frame-options'), 'DENY', path);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
    await res.arrayBuffer();
  }
  assert.deepEqual(await (await fetch(`${url}/console/settings.json`)).json(), settings);
  const first = await fetch(`${url}/console/app.js`);
  const etag = first.headers.get('etag')!;
  assert.match(etag, /^"[A-Za-z0-9_-]{22}"$/);
  assert.equal((await fetch(`${url}/console/app.js`, { headers: { 'if-none-match': etag } })).status, 304);
  assert.equal((await fetch(`${url}/console/app.js`, { headers: { 'if-none-match': '"other"' } })).status, 200);
  const head = await fetch(`${url}/console/app.js`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-length'), '14');
  const post = await fetch(`${url}/console/`, { method: 'POST', body: 'x' });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get('allow'), 'GET, HEAD');
  const redirect = await fetch(`${url}/console`, { redirect: 'manual' });
  assert.equal(redirect.status, 301);
  assert.equal(redirect.headers.get('location'), '/console/');
});

test('turned off, every console path answers 404 naming --no-console; not built, 404 saying to build', async () => {
  const off = await serve(consoleRoute(false, settings, dir));
  for (const path of ['/console', '/console/', '/console/app.js', '/console/settings.json']) {
    const res = await fetch(off + path, { redirect: 'manual' });
    assert.equal(res.status, 404, path);
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.match(await res.text(), /turned off on this server \(--no-console\)/);
  }
  const unbuilt = await serve(consoleRoute(true, settings, join(dir, 'absent')));
  const res = await fetch(`${unbuilt}/console/`);
  assert.equal(res.status, 404);
  assert.match(await res.text(), /not built: run npm run build/);
});
