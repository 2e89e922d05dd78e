// Where tests find the repository and the shared reference material (tests run with the repo root as cwd).
import { resolve } from 'node:path';

export const repoRoot = process.cwd();
export const sharedDir = resolve(repoRoot, '../shared');
export const wycheproofDir = resolve(sharedDir, 'vectors/wycheproof');
export const cliEntry = resolve(repoRoot, 'dist/src/cli/main.js');
