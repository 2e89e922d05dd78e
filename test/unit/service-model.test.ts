// The shipped botocore model (models/keyward) and the JS client's generated surface are exactly what the operation
// registry generates (so neither can drift from the server), and every extension operation is fully described.
// botocore model format: https://github.com/boto/botocore/tree/develop/botocore/data
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { KEYWARD_OPERATIONS } from '../../src/core/operations/registry.js';
import { keywardServiceModel } from '../../src/core/operations/service-model.js';
import { generatedFiles } from '../../tools/generate-models.js';
import { repoRoot } from '../support/paths.js';

test('the committed model and client equal what the registry generates (run npm run generate:models)', () => {
  for (const [path, text] of Object.entries(generatedFiles())) {
    assert.equal(readFileSync(join(repoRoot, path), 'utf8'), text, `${path} differs from the registry's output`);
  }
});

test('every KEYWARD operation has documentation, errors and an output shape, in the registry and the model', () => {
  const model = keywardServiceModel();
  assert.ok(KEYWARD_OPERATIONS.size >= 14);
  assert.deepEqual(Object.keys(model.operations).sort(), [...KEYWARD_OPERATIONS.keys()].sort());
  for (const [name, op] of KEYWARD_OPERATIONS) {
    assert.ok(op.doc.trim().length >= 20, `${name}: documentation`);
    assert.ok(op.errors.length > 0, `${name}: errors`);
    assert.ok(Object.keys(op.output).length > 0, `${name}: output members`);
    const m = model.operations[name] as { documentation: string; errors: { shape: string }[]; output: { shape: string }; input: { shape: string } };
    assert.equal(m.documentation, `<p>${op.doc}</p>`);
    for (const code of [...op.errors, 'AccessDeniedException']) {
      assert.ok(m.errors.some((e) => e.shape === code), `${name}: ${code} in the model`);
      assert.equal((model.shapes[code] as { exception?: boolean }).exception, true, `${code} is an exception shape`);
    }
    const out = model.shapes[m.output.shape] as { type: string; members: Record<string, unknown> };
    assert.equal(out.type, 'structure');
    assert.deepEqual(Object.keys(out.members).sort(), Object.keys(op.output).sort(), `${name}: output members`);
    assert.ok(model.shapes[m.input.shape], `${name}: input shape`);
  }
});

test('every shape a model member names is defined', () => {
  const model = keywardServiceModel();
  const refs = (s: Record<string, unknown>): string[] => {
    const out: string[] = [];
    for (const m of Object.values((s.members ?? {}) as Record<string, { shape: string }>)) out.push(m.shape);
    for (const k of ['member', 'key', 'value'] as const) if (s[k]) out.push((s[k] as { shape: string }).shape);
    return out;
  };
  for (const [name, shape] of Object.entries(model.shapes)) {
    for (const ref of refs(shape)) assert.ok(model.shapes[ref], `${name} names undefined shape ${ref}`);
  }
  assert.equal(model.metadata.targetPrefix, 'KeywardService');
  assert.equal(model.metadata.signingName, 'kms');
  assert.equal(model.metadata.jsonVersion, '1.1');
});
