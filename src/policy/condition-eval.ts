// Compiled conditions: values parsed once per family, then each request value is tested against them with the set
// semantics AWS documents (missing keys, ...IfExists, ForAllValues/ForAnyValue, negated operators, Null).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
import { compileArnPattern, splitArn } from './arn-pattern.js';
import { parseOperator, type Comparison, type ParsedOperator } from './condition-operators.js';
import { compileGlob } from './glob.js';
import type { ConditionEntry, ContextValue } from './types.js';
import { cidrContains, contextDate, readBase64, readBool, readCidr, readDate, readNumber, type Cidr } from './value-formats.js';
import { parseTemplate, resolveGlobSource, resolveText, RegexCache, scalarText, type Lookup } from './variables.js';

type Scalar = string | number | boolean | Date;
/** Whether one request value matches at least one policy value (the positive form of the operator). */
type ValueTest = (value: Scalar, lookup: Lookup) => boolean;

export type CompiledCondition = (lookup: Lookup) => boolean;

const ORDER: Record<Comparison, (a: number, b: number) => boolean> = {
  eq: (a, b) => a === b, eqi: (a, b) => a === b, lt: (a, b) => a < b, le: (a, b) => a <= b,
  gt: (a, b) => a > b, ge: (a, b) => a >= b, like: () => false, cidr: () => false, null: () => false,
};

const likeRegexes = new RegexCache('s');

function stringTest(values: readonly string[], comparison: Comparison, variables: boolean): ValueTest {
  const fold = comparison === 'eqi' ? (s: string) => s.toLowerCase() : (s: string) => s;
  const tests = values.map((raw): ValueTest => {
    const template = parseTemplate(raw, variables);
    if (comparison === 'like') {
      if (!template) { const m = compileGlob(raw); return (v) => m(String(v)); }
      return (v, lookup) => {
        const source = resolveGlobSource(template, lookup);
        return source !== undefined && likeRegexes.get(source).test(String(v));
      };
    }
    if (!template) { const lit = fold(raw); return (v) => fold(scalarText(v) ?? '') === lit; }
    return (v, lookup) => {
      const text = resolveText(template, lookup);
      return text !== undefined && fold(text) === fold(scalarText(v) ?? '');
    };
  });
  return (v, lookup) => tests.some((t) => t(v, lookup));
}

function orderedTest(policy: readonly number[], read: (v: Scalar) => number | undefined, comparison: Comparison): ValueTest {
  const cmp = ORDER[comparison];
  return (v) => {
    const n = read(v);
    return n !== undefined && policy.some((p) => cmp(n, p));
  };
}

const contextNumber = (v: Scalar): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'string' ? readNumber(v) : undefined;
const contextBool = (v: Scalar): boolean | undefined =>
  typeof v === 'boolean' ? v : typeof v === 'string' ? readBool(v) : undefined;

const sourceIps = new Map<string, Cidr | undefined>();
function contextCidr(v: Scalar): Cidr | undefined {
  if (typeof v !== 'string') return undefined;
  if (!sourceIps.has(v)) { if (sourceIps.size > 1024) sourceIps.clear(); sourceIps.set(v, readCidr(v)); }
  return sourceIps.get(v);
}

function boolTest(values: readonly string[], variables: boolean): ValueTest {
  const tests = values.map((raw): ValueTest => {
    const template = parseTemplate(raw, variables);
    return (v, lookup) => {
      const want = readBool(template ? resolveText(template, lookup) ?? '' : raw);
      return want !== undefined && contextBool(v) === want;
    };
  });
  return (v, lookup) => tests.some((t) => t(v, lookup));
}

function valueTest(op: ParsedOperator, values: readonly string[], variables: boolean): ValueTest {
  const { family, comparison } = op.spec;
  const vars = variables && op.spec.variables;
  switch (family) {
    case 'string': return stringTest(values, comparison, vars);
    case 'numeric': return orderedTest(values.map((v) => readNumber(v)!), contextNumber, comparison);
    case 'date': return orderedTest(values.map((v) => readDate(v)!), contextDate, comparison);
    case 'bool': return boolTest(values, vars);
    case 'binary': {
      const bufs = values.map((v) => readBase64(v)!);
      return (v) => { const b = typeof v === 'string' ? readBase64(v) : undefined; return !!b && bufs.some((p) => p.equals(b)); };
    }
    case 'ip': {
      const blocks = values.map((v) => readCidr(v)!);
      return (v) => { const a = contextCidr(v); return !!a && blocks.some((b) => cidrContains(b, a)); };
    }
    case 'arn': {
      const matchers = values.map((p) => compileArnPattern(p, vars ? 0 : 6));
      return (v, lookup) => { const s = String(v); const arn = splitArn(s); return matchers.some((m) => m(arn, s, lookup)); };
    }
    case 'null': return () => false;
  }
}

function asList(value: ContextValue | undefined): readonly Scalar[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value;
  return [value as Scalar];
}

/** Compiles one (operator, key, values) entry of a parsed statement. */
export function compileCondition(entry: ConditionEntry, variables: boolean): CompiledCondition {
  const op = parseOperator(entry.operator)!;
  const key = entry.key.toLowerCase();
  if (op.spec.family === 'null') {
    const wants = entry.values.map((v) => readBool(v)!);
    // Null true: the key is absent; false: it is present. Several values are ORed.
    return (lookup) => { const absent = asList(lookup(key)) === undefined; return wants.some((w) => w === absent); };
  }
  const test = valueTest(op, entry.values, variables);
  const { negated } = op.spec;
  return (lookup) => {
    const list = asList(lookup(key));
    if (list === undefined) {
      if (op.ifExists || op.qualifier === 'ForAllValues') return true;
      if (op.qualifier === 'ForAnyValue') return false;
      return negated; // a missing key matches no value, so only the negated operators hold
    }
    const each = (v: Scalar) => negated !== test(v, lookup);
    if (op.qualifier === 'ForAllValues') return list.every(each);
    if (op.qualifier === 'ForAnyValue') return list.some(each);
    // Unqualified: a positive operator needs some request value to match; a negated one, none to.
    return negated ? list.every(each) : list.some(each);
  };
}
