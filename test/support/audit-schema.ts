// The JSON schema every exported audit event must satisfy (schemas/audit-event.schema.json), compiled once with ajv.
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

const ajv = new (Ajv as unknown as typeof Ajv.default)({ allErrors: true, strict: false });
const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas/audit-event.schema.json'), 'utf8')) as object;
const check = ajv.compile(schema);

/** The schema's complaints about an event, or [] when it conforms. */
export function schemaErrors(event: unknown): string[] {
  return check(event) ? [] : (check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
