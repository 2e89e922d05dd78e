// `npm run generate:models`: writes the botocore model of the extension API (models/keyward/<version>/service-2.json and
// endpoint-rule-set-1.json) and the JavaScript client's generated surface (src/client/keyward-operations.ts) from the
// operation registry. test/unit/service-model.test.ts fails while the committed files differ from this output.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KEYWARD_API_VERSION, keywardEndpointRules, keywardServiceModel } from '../src/core/operations/service-model.js';
import { clientSource } from './client-codegen.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The generated files, by path relative to the repository root. */
export function generatedFiles(): Record<string, string> {
  const model = keywardServiceModel();
  const dir = `models/keyward/${KEYWARD_API_VERSION}`;
  return {
    [`${dir}/service-2.json`]: JSON.stringify(model, null, 2) + '\n',
    [`${dir}/endpoint-rule-set-1.json`]: JSON.stringify(keywardEndpointRules(), null, 2) + '\n',
    'src/client/keyward-operations.ts': clientSource(model),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [path, text] of Object.entries(generatedFiles())) {
    mkdirSync(dirname(join(repoRoot, path)), { recursive: true });
    writeFileSync(join(repoRoot, path), text);
    process.stdout.write(`wrote ${path}\n`);
  }
}
