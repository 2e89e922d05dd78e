// fast-check arbitraries for request bodies, driven by an operation's input shape (src/protocol/shape.ts): values that
// are valid, near the limits, or wrong in every way a client could get them wrong — type, size, encoding, unicode,
// huge numbers, missing, null and extra members — with real key ids, ARNs, aliases and ciphertexts mixed in (and
// bit-flipped) so the mutations reach the operations, not only the validator.
import fc from 'fast-check';
import type { Field, Shape } from '../../src/protocol/shape.js';

export interface Pool {
  keyRefs: string[];
  ciphertexts: Buffer[];
  grantIds: string[];
  grantTokens: string[];
  principals: string[];
}

const HUGE_NUMBERS = [2 ** 53 + 1, -(2 ** 63), 1e308, -1e-308, 0.5, -0, 4294967296];
const weird = fc.constantFrom('', ' ', '\u0000', '\uFFFF', '\uD800', '🔑'.repeat(300), 'a'.repeat(70_000), '../../etc/passwd', '%00', 'alias/', 'arn:aws:kms:', '{"a":1}');
const anyJson = fc.jsonValue({ maxDepth: 3 });

function flipped(pool: Pool): fc.Arbitrary<string> {
  if (pool.ciphertexts.length === 0) return fc.base64String({ minLength: 4, maxLength: 64 });
  return fc.tuple(fc.constantFrom(...pool.ciphertexts), fc.nat(), fc.integer({ min: 0, max: 7 }), fc.boolean()).map(([ct, at, bit, cut]) => {
    const b = Buffer.from(ct);
    if (cut) return b.subarray(0, at % b.length).toString('base64');
    b[at % b.length] = b[at % b.length]! ^ (1 << bit);
    return b.toString('base64');
  });
}

/** A member name that takes a key reference, a grant id or token, or a principal. */
function poolFor(name: string, pool: Pool): fc.Arbitrary<string> | undefined {
  if (/KeyId$/.test(name) && pool.keyRefs.length > 0) return fc.constantFrom(...pool.keyRefs);
  if (name === 'GrantId' && pool.grantIds.length > 0) return fc.constantFrom(...pool.grantIds);
  if (name === 'GrantToken' && pool.grantTokens.length > 0) return fc.constantFrom(...pool.grantTokens);
  if (/Principal$/.test(name) && pool.principals.length > 0) return fc.constantFrom(...pool.principals);
  return undefined;
}

function validValue(f: Field, name: string, pool: Pool, depth: number): fc.Arbitrary<unknown> {
  switch (f.t) {
    case 'string': {
      const own = poolFor(name, pool);
      const plain = fc.string({ minLength: f.min ?? 0, maxLength: Math.min(f.max ?? 64, 64) });
      return own ? fc.oneof({ weight: 3, arbitrary: own }, { weight: 1, arbitrary: plain }) : plain;
    }
    case 'blob':
      return name === 'CiphertextBlob' || name === 'SourceCiphertextBlob'
        ? fc.oneof(fc.constantFrom(...(pool.ciphertexts.length ? pool.ciphertexts.map((c) => c.toString('base64')) : ['AA=='])), flipped(pool))
        : fc.uint8Array({ minLength: f.min ?? 1, maxLength: Math.min(f.max ?? 64, 512) }).map((u) => Buffer.from(u).toString('base64'));
    case 'int': return fc.integer({ min: f.min ?? -1000, max: Math.min(f.max ?? 10_000, 2 ** 31 - 1) });
    case 'long': return fc.integer({ min: f.min ?? 0, max: Math.min(f.max ?? 2 ** 40, Number.MAX_SAFE_INTEGER) });
    case 'bool': return fc.boolean();
    case 'timestamp': return fc.integer({ min: 0, max: 4_102_444_800 });
    case 'enum': return fc.constantFrom(...f.values);
    case 'map': return fc.dictionary(fc.string({ minLength: 1, maxLength: 16 }), fc.string({ maxLength: 32 }), { maxKeys: 4 });
    case 'list': return depth > 3 ? fc.constant([]) : fc.array(validValue(f.of, name, pool, depth + 1), { maxLength: Math.min(f.max ?? 4, 4) });
    case 'struct': return depth > 3 ? fc.constant({}) : structure(f.fields, pool, depth + 1, 0);
  }
}

/** A value that breaks the field: wrong JSON type, out-of-range size or number, bad encoding, odd unicode. */
function brokenValue(f: Field): fc.Arbitrary<unknown> {
  const wrongType = anyJson.filter((v) => typeof v !== ({ string: 'string', enum: 'string', blob: 'string', int: 'number', long: 'number', timestamp: 'number', bool: 'boolean', map: 'object', list: 'object', struct: 'object' } as const)[f.t]);
  const specific: fc.Arbitrary<unknown>[] = [weird];
  if (f.t === 'int' || f.t === 'long' || f.t === 'timestamp') specific.push(fc.constantFrom(...HUGE_NUMBERS), fc.double());
  if (f.t === 'blob') specific.push(fc.constantFrom('not base64!', '====', 'A', 'AAA', 'QUJD\n', Buffer.alloc(70_000).toString('base64')));
  if (f.t === 'string' && f.max !== undefined) specific.push(fc.constant('x'.repeat(f.max + 1)));
  if (f.t === 'list') specific.push(fc.array(anyJson, { minLength: 1, maxLength: 3 }), fc.constant(new Array(1001).fill('x')));
  if (f.t === 'map') specific.push(fc.dictionary(fc.string(), anyJson, { minKeys: 1, maxKeys: 3 }), fc.constant([]));
  return fc.oneof(wrongType, ...specific);
}

function member(f: Field, name: string, pool: Pool, depth: number, breakRate: number): fc.Arbitrary<unknown> {
  if (breakRate === 0) return validValue(f, name, pool, depth);
  return fc.oneof({ weight: 10 - breakRate, arbitrary: validValue(f, name, pool, depth) }, { weight: breakRate, arbitrary: brokenValue(f) });
}

/** An object of the shape's members: each present or not, valid or broken; sometimes null or with extra members. */
function structure(shape: Shape, pool: Pool, depth: number, breakRate: number): fc.Arbitrary<Record<string, unknown>> {
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, f] of Object.entries(shape)) parts[name] = member(f, name, pool, depth, breakRate);
  const required = Object.entries(shape).filter(([, f]) => f.required).map(([n]) => n);
  const body = fc.record(parts, { requiredKeys: breakRate === 0 ? required : [] });
  if (breakRate === 0) return body;
  return fc.tuple(body, fc.dictionary(fc.string({ maxLength: 12 }), anyJson, { maxKeys: 2 }), fc.subarray(Object.keys(shape), { maxLength: Math.min(2, Object.keys(shape).length) }))
    .map(([b, extra, nulls]) => {
      const out: Record<string, unknown> = { ...extra, ...b };
      for (const n of nulls) out[n] = null;
      return out;
    });
}

/** The text of a request body: mostly a mutated object of the shape, sometimes not an object or not JSON at all. */
export function bodyText(shape: Shape, pool: Pool): fc.Arbitrary<string> {
  const valid = structure(shape, pool, 0, 0).map((o) => JSON.stringify(o));
  const mutated = structure(shape, pool, 0, 3).map((o) => JSON.stringify(o));
  const duplicateKeys = structure(shape, pool, 0, 0).map((o) => {
    const text = JSON.stringify(o);
    const first = Object.keys(o)[0];
    return first === undefined ? text : `{${JSON.stringify(first)}:"dup",${text.slice(1)}`;
  });
  const notObject = fc.oneof(anyJson.map((v) => JSON.stringify(v)), fc.constantFrom('', '{', '{"a":', 'null', '[]', '\u0000', '{"KeyId":"\uD800"}', '{}'.repeat(1000)));
  return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 5, arbitrary: mutated }, { weight: 1, arbitrary: duplicateKeys }, { weight: 1, arbitrary: notObject });
}
