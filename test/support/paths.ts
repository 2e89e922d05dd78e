// Where tests find the repository and the shared reference material (tests run with the repo root as cwd).
import { resolve } from 'node:path';

export const repoRoot = process.cwd();
export const sharedDir = resolve(repoRoot, '../shared');
export const wycheproofDir = resolve(sharedDir, 'vectors/wycheproof');
/** The built CLI the tests start; KEYWARD_TEST_DIST names another build directory (long runs beside a rebuild). */
export const cliEntry = resolve(repoRoot, process.env.KEYWARD_TEST_DIST ?? 'dist', 'src/cli/main.js');
