// Input shapes as data, and the validator that turns a parsed JSON body into a typed input with AWS's
// ValidationException wording ("1 validation error detected: Value '1025' at 'numberOfBytes' failed to ...").
// Type mismatches are SerializationException, as in AWS's JSON protocol.
import { KmsError } from './errors.js';

/**
 * What every field may carry besides its type: whether it is required, and for the service model generated from the
 * registry (core/operations/service-model.ts) the name of its model shape and its documentation.
 */
interface FieldInfo {
  required?: boolean;
  /** The shape name in the generated service model (structures, lists and enums shared by several members). */
  name?: string;
  doc?: string;
}

export type Field = FieldInfo & (
  /** `sensitive`: a secret (a password) whose value errors never quote, as AWS omits its sensitive members' values. */
  | { t: 'string'; min?: number; max?: number; pattern?: RegExp; sensitive?: boolean }
  | { t: 'blob'; min?: number; max?: number }
  | { t: 'int'; min?: number; max?: number }
  /** A 64-bit counter (botocore `long`); JSON numbers, exact up to 2^53. */
  | { t: 'long'; min?: number; max?: number }
  | { t: 'bool' }
  | { t: 'timestamp' }
  | { t: 'enum'; values: readonly string[] }
  /** A map with string keys; values are strings unless `value` says otherwise. */
  | { t: 'map'; value?: Field }
  | { t: 'list'; of: Field; min?: number; max?: number }
  | { t: 'struct'; fields: Shape });

export type Shape = Readonly<Record<string, Field>>;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** AWS names members in lowerCamel in validation messages: `NumberOfBytes` → `numberOfBytes`. */
function memberPath(prefix: string, name: string): string {
  const camel = name.charAt(0).toLowerCase() + name.slice(1);
  return prefix ? `${prefix}.${camel}` : camel;
}

function typeError(path: string, expected: string): KmsError {
  return new KmsError('SerializationException', `Value at '${path}' must be ${expected}.`);
}

type Problems = string[];

/** The length constraint `len` breaks, or undefined; callers build the quoted value only when there is one. */
function lengthProblem(len: number, f: { min?: number; max?: number }): string | undefined {
  if (f.min !== undefined && len < f.min) return `failed to satisfy constraint: Member must have length greater than or equal to ${f.min}`;
  if (f.max !== undefined && len > f.max) return `failed to satisfy constraint: Member must have length less than or equal to ${f.max}`;
  return undefined;
}

/**
 * Model patterns constrain the whole value (AWS validates with a full match), and AWS's message quotes the model's
 * pattern as written: `[\w]+` for policyName, `^[a-zA-Z0-9:/_-]+$` for aliasName. So a Field's pattern is the model
 * text, and matching anchors it.
 */
const anchored = new WeakMap<RegExp, RegExp>();
function fullMatch(pattern: RegExp): RegExp {
  let re = anchored.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern.source})$`, pattern.flags);
    anchored.set(pattern, re);
  }
  return re;
}

function checkString(v: unknown, f: Extract<Field, { t: 'string' }>, path: string, p: Problems): string {
  if (typeof v !== 'string') throw typeError(path, 'a string');
  const length = lengthProblem(v.length, f);
  // A sensitive member (a password) is never quoted, as AWS omits the value of its sensitive members.
  const value = f.sensitive ? 'Value' : `Value '${v}'`;
  if (length !== undefined) p.push(`${value} at '${path}' ${length}`);
  if (f.pattern && !fullMatch(f.pattern).test(v)) {
    p.push(`${value} at '${path}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${f.pattern.source}`);
  }
  return v;
}

function checkBlob(v: unknown, f: Extract<Field, { t: 'blob' }>, path: string, p: Problems): Buffer {
  if (typeof v !== 'string') throw typeError(path, 'a base64-encoded string');
  if (!BASE64.test(v)) throw new KmsError('SerializationException', `Value at '${path}' is not valid base64.`);
  const buf = Buffer.from(v, 'base64');
  const length = lengthProblem(buf.length, f);
  if (length !== undefined) p.push(`Value at '${path}' ${length}`); // blob values are never echoed
  return buf;
}

function checkInt(v: unknown, f: Extract<Field, { t: 'int' | 'long' }>, path: string, p: Problems): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw typeError(path, 'an integer');
  let bound: string | undefined;
  if (f.min !== undefined && v < f.min) bound = `greater than or equal to ${f.min}`;
  else if (f.max !== undefined && v > f.max) bound = `less than or equal to ${f.max}`;
  if (bound !== undefined) p.push(`Value '${v}' at '${path}' failed to satisfy constraint: Member must have value ${bound}`);
  return v;
}

function checkMap(v: unknown, f: Extract<Field, { t: 'map' }>, path: string, p: Problems): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw typeError(path, 'a map of strings');
  const src = v as Record<string, unknown>;
  if (f.value === undefined) {
    for (const k in src) if (typeof src[k] !== 'string') throw typeError(`${path}.${k}`, 'a string');
    return src;
  }
  const out: Record<string, unknown> = {};
  for (const k in src) out[k] = checkField(src[k], f.value, `${path}.${k}`, p);
  return out;
}

function checkList(v: unknown, f: Extract<Field, { t: 'list' }>, path: string, p: Problems): unknown[] {
  if (!Array.isArray(v)) throw typeError(path, 'a list');
  const length = lengthProblem(v.length, f);
  if (length !== undefined) p.push(`Value '[${v.join(', ')}]' at '${path}' ${length}`);
  return v.map((item, i) => checkField(item, f.of, `${path}.${i + 1}.member`, p, true));
}

function checkField(v: unknown, f: Field, path: string, p: Problems, inList = false): unknown {
  switch (f.t) {
    case 'string': return checkString(v, f, path, p);
    case 'blob': return checkBlob(v, f, path, p);
    case 'int':
    case 'long': return checkInt(v, f, path, p);
    case 'bool':
      if (typeof v !== 'boolean') throw typeError(path, 'a boolean');
      return v;
    case 'timestamp':
      if (typeof v !== 'number' || !Number.isFinite(v)) throw typeError(path, 'a timestamp in epoch seconds');
      return v;
    case 'enum':
      if (typeof v !== 'string') throw typeError(path, 'a string');
      if (!f.values.includes(v)) {
        p.push(`Value '${v}' at '${path}' failed to satisfy constraint: Member must satisfy enum value set: [${f.values.join(', ')}]`);
      }
      return v;
    case 'map': return checkMap(v, f, path, p);
    case 'list': return checkList(v, f, path, p);
    case 'struct': return checkStruct(v, f.fields, path, p, inList);
  }
}

function checkStruct(v: unknown, shape: Shape, prefix: string, p: Problems, _inList = false): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw typeError(prefix || 'body', 'a structure');
  const src = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const name in shape) {
    const f = shape[name]!;
    const value = src[name];
    if (value === undefined || value === null) {
      if (f.required) p.push(`Value null at '${memberPath(prefix, name)}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    out[name] = checkField(value, f, memberPath(prefix, name), p);
  }
  return out; // unknown members are ignored, as AWS SDKs expect for forward compatibility
}

/** Validates a parsed JSON body against a shape; throws the AWS error for the first failing class of problem. */
export function validate<T>(body: unknown, shape: Shape): T {
  const problems: Problems = [];
  const out = checkStruct(body, shape, '', problems);
  if (problems.length > 0) {
    const n = problems.length;
    throw new KmsError('ValidationException', `${n} validation error${n > 1 ? 's' : ''} detected: ${problems.join('; ')}`);
  }
  return out as T;
}

/** Shorthands used by the operation shapes, named after the service model's shapes. */
export const F = {
  keyId: (required = true): Field => ({ t: 'string', required, min: 1, max: 2048 }),
  plaintext: (required = true): Field => ({ t: 'blob', required, min: 1, max: 4096 }),
  ciphertext: (required = true): Field => ({ t: 'blob', required, min: 1, max: 6144 }),
  context: (): Field => ({ t: 'map' }),
  grantTokens: (): Field => ({ t: 'list', of: { t: 'string', min: 1, max: 8192 }, min: 0, max: 10 }),
  limit: (): Field => ({ t: 'int', min: 1, max: 1000 }),
  marker: (): Field => ({ t: 'string', min: 1, max: 1024, pattern: /[\u0020-\u00FF]*/ }),
  dryRun: (): Field => ({ t: 'bool' }),
  enumOf: (values: readonly string[], required = false): Field => ({ t: 'enum', values, required }),
} as const;
