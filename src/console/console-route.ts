// Serves the web console (console/, built into dist/console by `npm run build`) at /console/ on the API's own
// listener, with a strict Content-Security-Policy (no inline script, no third-party origin), framing refused and
// MIME sniffing off. The console is a static single-page app that signs public API calls itself (docs/console.md).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The console's URL prefix; /console redirects here. */
export const CONSOLE_PREFIX = '/console/';

/**
 * 'self' only (https://www.w3.org/TR/CSP3/): scripts, styles, fetches and images come from this origin; no inline
 * script or style element can run. frame-ancestors, base-uri and form-action do not fall back to default-src, so
 * they are set too.
 */
export const CONSOLE_CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Headers on every console answer, including its 404s. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONSOLE_CSP,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.map': 'application/json', '.txt': 'text/plain; charset=utf-8',
};

interface Asset { body: Buffer; type: string; etag: string }

/** What the console needs from the server's configuration: the Region its SigV4 scope names. */
export interface ConsoleSettings { region: string; accountId: string }

/** The built assets' folder: dist/console beside dist/src (this file runs as dist/src/console/console-route.js). */
export const DEFAULT_ASSET_DIR = fileURLToPath(new URL('../../console/', import.meta.url));

export type ConsoleRoute = (req: IncomingMessage, res: ServerResponse) => void;

/** Whether a request path is the console's (the HTTP adapter hands these to the console route). */
export const isConsolePath = (path: string) => path === '/console' || path.startsWith(CONSOLE_PREFIX) || path.startsWith('/console?');

/**
 * The console route: the assets read once into memory (a few hundred KB), or, with --no-console, a route that
 * answers 404 for every console path.
 */
export function consoleRoute(enabled: boolean, settings: ConsoleSettings, dir = DEFAULT_ASSET_DIR): ConsoleRoute {
  if (!enabled) return (_req, res) => notFound(res, 'The console is turned off on this server (--no-console).');
  const assets = existsSync(dir) ? loadAssets(dir) : new Map<string, Asset>();
  // The page cannot learn the Region from the API before it can sign; this file tells it (nothing secret).
  assets.set('settings.json', asset(Buffer.from(JSON.stringify(settings)), TYPES['.json']!));
  return (req, res) => serve(req, res, assets);
}

function serve(req: IncomingMessage, res: ServerResponse, assets: ReadonlyMap<string, Asset>): void {
  const path = (req.url ?? '/').split(/[?#]/, 1)[0]!;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    return void res.end('The console is read with GET.\n');
  }
  if (path === '/console') {
    res.writeHead(301, { ...SECURITY_HEADERS, Location: CONSOLE_PREFIX, 'Content-Length': '0' });
    return void res.end();
  }
  const name = path.slice(CONSOLE_PREFIX.length) || 'index.html';
  const found = assets.get(name);
  if (!found) {
    const why = assets.has('index.html') ? `No console file ${name.slice(0, 64)}.` : 'The console assets are not built: run npm run build.';
    return notFound(res, why);
  }
  // index.html is revalidated on every load, so a new build's bundle names are picked up; the rest by ETag too.
  const headers = { ...SECURITY_HEADERS, 'Content-Type': found.type, ETag: found.etag, 'Cache-Control': 'no-cache' };
  if (req.headers['if-none-match'] === found.etag) {
    res.writeHead(304, headers);
    return void res.end();
  }
  res.writeHead(200, { ...headers, 'Content-Length': String(found.body.length) });
  res.end(req.method === 'HEAD' ? undefined : found.body);
}

function notFound(res: ServerResponse, message: string): void {
  res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(message + '\n');
}

/** Every file under dir by its path relative to dir, with '/' separators. */
function loadAssets(dir: string): Map<string, Asset> {
  const out = new Map<string, Asset>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const full = join(d, entry);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(relative(dir, full).split(sep).join('/'), asset(readFileSync(full), TYPES[extname(entry)] ?? 'application/octet-stream'));
    }
  };
  walk(dir);
  return out;
}

function asset(body: Buffer, type: string): Asset {
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}
