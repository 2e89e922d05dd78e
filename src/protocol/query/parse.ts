// Reads an AWS Query request (form-encoded `Action=...&Version=...&Member.Sub=...`) into an input structure per the
// operation's input shape, and validates it as AWS does (ValidationError, "1 validation error detected: Value ... at
// 'userName' failed to satisfy constraint: ..."). Lists are `Name.member.N`, maps `Name.entry.N.key|value`.
// https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#query-key-resolution
import { QueryError } from './errors.js';
import { shapeOf, type MemberRef, type QueryServiceModel, type ShapeDef } from './model.js';

/** The form body's parameters (the last value wins for a repeated name, as AWS's parser keeps one). */
export function formParams(body: Buffer): Map<string, string> {
  return new Map(new URLSearchParams(body.toString('utf8')));
}

interface Reader {
  model: QueryServiceModel;
  params: Map<string, string>;
  problems: string[];
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const patterns = new Map<string, RegExp>();
const fullMatch = (p: string) => {
  let re = patterns.get(p);
  if (!re) patterns.set(p, (re = new RegExp(`^(?:${p})$`, 'u')));
  return re;
};

/** Parses and validates the input of `operation`; returns the input structure (members absent when not sent). */
export function readInput(model: QueryServiceModel, operation: string, params: Map<string, string>): Record<string, unknown> {
  const ref = model.operations[operation]?.input;
  if (!ref) return {};
  const r: Reader = { model, params, problems: [] };
  const out = readStructure(r, shapeOf(model, ref), '', '');
  if (r.problems.length > 0) {
    const n = r.problems.length;
    throw new QueryError('ValidationError', `${n} validation error${n > 1 ? 's' : ''} detected: ${r.problems.join('; ')}`);
  }
  return out;
}

function has(r: Reader, prefix: string): boolean {
  if (r.params.has(prefix)) return true;
  const dotted = prefix + '.';
  for (const k of r.params.keys()) if (k.startsWith(dotted)) return true;
  return false;
}

function readStructure(r: Reader, shape: ShapeDef, prefix: string, path: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const key = prefix ? `${prefix}.${ref.locationName ?? name}` : ref.locationName ?? name;
    const memberPath = path ? `${path}.${lowerFirst(name)}` : lowerFirst(name);
    if (!has(r, key)) {
      if (shape.required?.includes(name)) r.problems.push(`Value null at '${memberPath}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    out[name] = readValue(r, ref, key, memberPath);
  }
  return out;
}

function readValue(r: Reader, ref: MemberRef, key: string, path: string): unknown {
  const shape = shapeOf(r.model, ref);
  switch (shape.type) {
    case 'structure': return readStructure(r, shape, key, path);
    case 'list': return readList(r, shape, key, path);
    case 'map': return readMap(r, shape, key, path);
    default: return readScalar(r, shape, r.params.get(key) ?? '', path);
  }
}

/** The indices N present under `prefix.N` (1-based, in numeric order). */
function indices(r: Reader, prefix: string): number[] {
  const found = new Set<number>();
  const dotted = prefix + '.';
  for (const k of r.params.keys()) {
    if (!k.startsWith(dotted)) continue;
    const n = Number(k.slice(dotted.length).split('.', 1)[0]);
    if (Number.isInteger(n) && n > 0) found.add(n);
  }
  return [...found].sort((a, b) => a - b);
}

function readList(r: Reader, shape: ShapeDef, key: string, path: string): unknown[] {
  const base = shape.flattened ? key : `${key}.${shape.member!.locationName ?? 'member'}`;
  const items = indices(r, base).map((n) => readValue(r, shape.member!, `${base}.${n}`, `${path}.${n}.member`));
  if (shape.min !== undefined && items.length < shape.min) r.problems.push(`Value '[${items.join(', ')}]' at '${path}' failed to satisfy constraint: Member must have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && items.length > shape.max) r.problems.push(`Value '[${items.join(', ')}]' at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${shape.max}`);
  return items;
}

function readMap(r: Reader, shape: ShapeDef, key: string, path: string): Record<string, unknown> {
  const base = shape.flattened ? key : `${key}.entry`;
  const out: Record<string, unknown> = {};
  for (const n of indices(r, base)) {
    const k = r.params.get(`${base}.${n}.key`) ?? '';
    out[k] = readValue(r, shape.value!, `${base}.${n}.value`, `${path}.${n}.value`);
  }
  return out;
}

function readScalar(r: Reader, shape: ShapeDef, raw: string, path: string): unknown {
  switch (shape.type) {
    case 'string': return checkString(r, shape, raw, path);
    case 'integer':
    case 'long': return checkInteger(r, shape, raw, path);
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') r.problems.push(`Value '${raw}' at '${path}' failed to satisfy constraint: Member must be a boolean`);
      return raw === 'true';
    case 'timestamp': {
      const t = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw);
      if (!Number.isFinite(t)) r.problems.push(`Value '${raw}' at '${path}' failed to satisfy constraint: Member must be a timestamp`);
      return t;
    }
    case 'blob': return Buffer.from(raw, 'base64');
    default: return Number(raw);
  }
}

function checkString(r: Reader, shape: ShapeDef, v: string, path: string): string {
  const shown = shape.sensitive ? 'Value' : `Value '${v}'`;
  const length = [...v].length;
  if (shape.min !== undefined && length < shape.min) r.problems.push(`${shown} at '${path}' failed to satisfy constraint: Member must have length greater than or equal to ${shape.min}`);
  else if (shape.max !== undefined && length > shape.max) r.problems.push(`${shown} at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${shape.max}`);
  if (shape.pattern !== undefined && !fullMatch(shape.pattern).test(v)) r.problems.push(`${shown} at '${path}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${shape.pattern}`);
  if (shape.enum !== undefined && !shape.enum.includes(v)) r.problems.push(`${shown} at '${path}' failed to satisfy constraint: Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
  return v;
}

function checkInteger(r: Reader, shape: ShapeDef, raw: string, path: string): number {
  const v = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(v)) {
    r.problems.push(`Value '${raw}' at '${path}' failed to satisfy constraint: Member must be an integer`);
    return NaN;
  }
  if (shape.min !== undefined && v < shape.min) r.problems.push(`Value '${v}' at '${path}' failed to satisfy constraint: Member must have value greater than or equal to ${shape.min}`);
  else if (shape.max !== undefined && v > shape.max) r.problems.push(`Value '${v}' at '${path}' failed to satisfy constraint: Member must have value less than or equal to ${shape.max}`);
  return v;
}
