#!/usr/bin/env node
// `npm start` runs this first: it builds (npm run build) only when a source file is newer than the last build, so a
// start after a build is immediate. `--stamp` (the end of `npm run build`) records a finished build; `--check` only
// answers (exit 0 current, 1 stale) without building.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = join(root, 'dist', '.build-stamp');
// What the build reads: sources, build settings, dependencies.
const INPUTS = ['src', 'test', 'bench', 'tools', 'console', 'models', 'tsconfig.json', 'tsconfig.client.json', 'package.json', 'package-lock.json'];

function newest(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs; // a deleted file changes its directory's mtime
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

if (process.argv.includes('--stamp')) {
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
} else {
  const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
  const changed = Math.max(...INPUTS.map((p) => newest(join(root, p))));
  if (process.argv.includes('--check')) process.exit(changed > built ? 1 : 0);
  if (changed > built) {
    process.stderr.write(built ? 'keyward: sources changed since the last build: building\n' : 'keyward: first start: building (once)\n');
    execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  }
}
