// Builds the web console into dist/console: one ES module bundle (Preact, htm, uPlot and the SigV4 signer on
// WebCrypto), one stylesheet and index.html. `npm run build` runs it after tsc; the server serves the folder at
// /console/ (src/console/console-route.ts). No CDN: everything the page loads comes from this folder.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'dist', 'console');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  entryPoints: { app: join(here, 'src', 'main.js'), app_css: join(here, 'src', 'app.css') },
  outdir: out,
  entryNames: '[name]',
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome115', 'firefox115', 'safari16'],
  // The signer's hash is WebCrypto (src/api/webcrypto-sha256.js): a Node built-in reaching the bundle is a mistake.
  external: [],
  logLevel: 'warning',
  legalComments: 'linked',
});
for (const file of ['index.html', 'icon.svg']) copyFileSync(join(here, file), join(out, file));
