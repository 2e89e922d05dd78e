// The Condition element: `{ operator: { key: value | [values] } }`, with every operator name, key and value checked
// against the operator table and the value formats. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
import { parseOperator, type OperatorFamily } from './condition-operators.js';
import { GRAMMAR_MESSAGES as M, grammarError } from './grammar-error.js';
import type { ConditionEntry } from './types.js';
import { readBase64, readBool, readCidr, readDate, readNumber } from './value-formats.js';

/** What a value of each family must look like, unless it holds a policy variable where variables are allowed. */
const VALUE_FORMS: Record<OperatorFamily, (v: string) => boolean> = {
  string: () => true,
  arn: () => true,
  numeric: (v) => readNumber(v) !== undefined,
  date: (v) => readDate(v) !== undefined,
  bool: (v) => readBool(v) !== undefined,
  binary: (v) => readBase64(v) !== undefined,
  ip: (v) => readCidr(v) !== undefined,
  null: (v) => readBool(v) !== undefined,
};

// Condition keys are "vendor:name" (aws:SourceIp, kms:EncryptionContext:Department); identity-provider keys have a host
// (and path) as vendor: token.actions.githubusercontent.com:sub, SAML:aud.
const CONDITION_KEY = /^[^:\s]+:.+$/;

function scalars(op: string, key: string, raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) grammarError(M.conditionValues(op, key));
  return list.map((v) => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (typeof v === 'boolean') return String(v);
    return grammarError(M.conditionValues(op, key));
  });
}

export interface ConditionOptions {
  /** Variables are substituted (Version 2012-10-17), so `${…}` values skip the format check. */
  readonly variables: boolean;
  /** KMS key policies refuse ForAllValues on single-valued keys (kms:EncryptionContext:*, aws:RequestTag/*). */
  readonly keyPolicy: boolean;
}

function checkKeyPolicySetOperator(qualifier: string | undefined, key: string): void {
  if (qualifier !== 'ForAllValues') return;
  const k = key.toLowerCase();
  if (k.startsWith('kms:encryptioncontext:')) grammarError(M.overlyPermissiveContext);
  if (k.startsWith('aws:requesttag/')) grammarError(M.overlyPermissiveTag);
}

export function parseConditions(raw: unknown, options: ConditionOptions): ConditionEntry[] {
  if (raw === undefined) return [];
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(raw)) grammarError(M.conditionShape);
  const out: ConditionEntry[] = [];
  for (const [operator, block] of Object.entries(raw)) {
    const parsed = parseOperator(operator);
    if (!parsed) grammarError(M.unknownOperator(operator));
    if (!isObject(block) || Object.keys(block).length === 0) grammarError(M.conditionShape);
    for (const [key, value] of Object.entries(block)) {
      if (!CONDITION_KEY.test(key)) grammarError(M.vendorPrefix);
      if (options.keyPolicy) checkKeyPolicySetOperator(parsed.qualifier, key);
      const values = scalars(operator, key, value);
      const varsHere = options.variables && parsed.spec.variables;
      for (const v of values) {
        if (varsHere && v.includes('${')) continue;
        if (!VALUE_FORMS[parsed.spec.family](v)) grammarError(M.badValue(operator, key, v));
      }
      out.push({ operator, key, values });
    }
  }
  return out;
}
