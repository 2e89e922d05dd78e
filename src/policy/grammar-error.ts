// The grammar error and its message texts, in IAM's words where IAM's are known (MalformedPolicyDocument texts seen
// from CreatePolicy, PutUserPolicy, CreateRole and UpdateAssumeRolePolicy), so callers can pass them through unchanged.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
import type { PolicyKind } from './types.js';

/** A policy document that the grammar rejects; `message` is usable as MalformedPolicyDocument(Exception) text. */
export class PolicyGrammarError extends Error {
  override readonly name = 'PolicyGrammarError';
}

/** Every message the grammar writes, in one place. */
export const GRAMMAR_MESSAGES = {
  invalidJson: (kind: PolicyKind) => (kind === 'trust' ? 'This policy contains invalid Json' : 'Syntax errors in policy.'),
  notObject: 'The policy document must be a JSON object.',
  unknownField: (name: string) => `Unknown field ${name}`,
  missingField: (name: string) => `Missing required field ${name}`,
  prohibitedField: (name: string) => `Has prohibited field ${name}`,
  identityPrincipal: 'Policy document should not specify a principal.',
  legacyParsing: 'The policy failed legacy parsing',
  noStatements: 'The policy document must contain at least one statement.',
  statementNotObject: 'Each statement must be a JSON object.',
  invalidEffect: (effect: string) => `Invalid effect: ${effect}. Effect must be Allow or Deny.`,
  bothElements: (a: string, b: string) => `A statement cannot contain both ${a} and ${b}.`,
  missingActions: 'Policy statement must contain actions.',
  missingResources: 'Policy statement must contain resources.',
  missingPrincipal: 'Missing required field Principal',
  notStringList: (field: string) => `${field} must be a string or a non-empty list of strings.`,
  vendorPrefix: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  invalidAction: (action: string) => `Invalid action: ${action}`,
  resourceFormat: (resource: string) => `Resource ${resource} must be in ARN format or "*".`,
  invalidPrincipal: (type: string, value: string) => `Invalid principal in policy: "${type}":"${value}"`,
  principalShape: 'Principal must be "*" or an object of AWS, Service, Federated or CanonicalUser principals.',
  duplicateSid: 'Statement IDs (SID) in a single policy must be unique.',
  sidCharacters: 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  sidType: 'Sid must be a string.',
  idType: 'Id must be a string.',
  conditionShape: 'Condition must be an object of condition operators, each an object of condition keys.',
  unknownOperator: (op: string) => `Invalid Condition type : ${op}`,
  conditionValues: (op: string, key: string) =>
    `Condition ${op} for key ${key} must have a string, number or boolean value, or a non-empty list of them.`,
  badValue: (op: string, key: string, value: string) => `Invalid value for condition ${op} and key ${key}: ${value}`,
  overlyPermissiveContext:
    'OverlyPermissiveCondition:EncryptionContext: Using the ForAllValues set operator with a single-valued condition key ' +
    'matches requests without the specified encryption context or with an unspecified encryption context. To fix, remove ForAllValues.',
  overlyPermissiveTag:
    'OverlyPermissiveCondition: Using the ForAllValues set operator with a single-valued condition key matches requests ' +
    'without the specified tag or with an unspecified tag. To fix, remove ForAllValues.',
} as const;

export function grammarError(message: string): never {
  throw new PolicyGrammarError(message);
}
