// The condition operator table: every IAM operator name → its family, whether it is negated, and whether policy
// variables are substituted in its values. Qualifiers (ForAllValues:/ForAnyValue:) and the IfExists suffix are parsed
// around it. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
export type OperatorFamily = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';

/** How a value of the family compares: equality, glob, ordering, or family-specific. */
export type Comparison = 'eq' | 'eqi' | 'like' | 'lt' | 'le' | 'gt' | 'ge' | 'cidr' | 'null';

export interface OperatorSpec {
  readonly family: OperatorFamily;
  readonly comparison: Comparison;
  readonly negated: boolean;
  /** "You can use a policy variable with …": String, Bool and ARN operators only. */
  readonly variables: boolean;
}

const op = (family: OperatorFamily, comparison: Comparison, negated: boolean): OperatorSpec => ({
  family, comparison, negated, variables: family === 'string' || family === 'bool' || family === 'arn',
});

export const OPERATORS: Readonly<Record<string, OperatorSpec>> = {
  StringEquals: op('string', 'eq', false),
  StringNotEquals: op('string', 'eq', true),
  StringEqualsIgnoreCase: op('string', 'eqi', false),
  StringNotEqualsIgnoreCase: op('string', 'eqi', true),
  StringLike: op('string', 'like', false),
  StringNotLike: op('string', 'like', true),
  NumericEquals: op('numeric', 'eq', false),
  NumericNotEquals: op('numeric', 'eq', true),
  NumericLessThan: op('numeric', 'lt', false),
  NumericLessThanEquals: op('numeric', 'le', false),
  NumericGreaterThan: op('numeric', 'gt', false),
  NumericGreaterThanEquals: op('numeric', 'ge', false),
  DateEquals: op('date', 'eq', false),
  DateNotEquals: op('date', 'eq', true),
  DateLessThan: op('date', 'lt', false),
  DateLessThanEquals: op('date', 'le', false),
  DateGreaterThan: op('date', 'gt', false),
  DateGreaterThanEquals: op('date', 'ge', false),
  Bool: op('bool', 'eq', false),
  BinaryEquals: op('binary', 'eq', false),
  IpAddress: op('ip', 'cidr', false),
  NotIpAddress: op('ip', 'cidr', true),
  ArnEquals: op('arn', 'like', false),
  ArnLike: op('arn', 'like', false),
  ArnNotEquals: op('arn', 'like', true),
  ArnNotLike: op('arn', 'like', true),
  Null: op('null', 'null', false),
};

export type SetQualifier = 'ForAllValues' | 'ForAnyValue' | undefined;

export interface ParsedOperator {
  readonly spec: OperatorSpec;
  readonly qualifier: SetQualifier;
  readonly ifExists: boolean;
}

/** Splits `ForAnyValue:StringLikeIfExists` into its parts; undefined for a name that is not an IAM operator. */
export function parseOperator(name: string): ParsedOperator | undefined {
  let rest = name;
  let qualifier: SetQualifier;
  for (const q of ['ForAllValues', 'ForAnyValue'] as const) {
    if (rest.startsWith(`${q}:`)) { qualifier = q; rest = rest.slice(q.length + 1); }
  }
  const ifExists = rest.endsWith('IfExists');
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  const spec = Object.hasOwn(OPERATORS, rest) ? OPERATORS[rest] : undefined;
  // "You can add IfExists to the end of any condition operator name except the Null condition".
  if (!spec || (spec.family === 'null' && (ifExists || qualifier))) return undefined;
  return { spec, qualifier, ifExists };
}
