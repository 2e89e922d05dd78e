// The policy grammar: Version, Id, Statement (object or list) and each statement's elements, with the rules that
// differ per kind of policy (identity, resource/key, trust, session).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
import { GRAMMAR_MESSAGES as M, grammarError } from './grammar-error.js';
import { parseConditions } from './parse-condition.js';
import { parsePrincipalElement } from './parse-principal.js';
import type { PolicyDocument, PolicyKind, PolicyStatement, PolicyVersion } from './types.js';

const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set([
  'Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition',
]);
const VERSIONS: ReadonlySet<string> = new Set<PolicyVersion>(['2012-10-17', '2008-10-17']);
// IAM's Sid rule; KMS key policies allow more (the default policy's Sid has spaces).
const IAM_SID = /^[0-9A-Za-z]*$/;
// service:action, wildcards allowed (iam:*AccessKey*); the vendor prefix is required.
const ACTION = /^[A-Za-z0-9*?-]+:[A-Za-z0-9*?_-]+$/;

/** Per-kind rules, as a table. */
interface KindRules {
  readonly principal: 'forbidden' | 'required';
  readonly notPrincipal: boolean;
  readonly resource: 'required' | 'optional' | 'forbidden';
  readonly iamSid: boolean;
}
const KIND_RULES: Record<PolicyKind, KindRules> = {
  identity: { principal: 'forbidden', notPrincipal: false, resource: 'required', iamSid: true },
  session: { principal: 'forbidden', notPrincipal: false, resource: 'required', iamSid: true },
  // Key policies: "*" means this key; the shared reference (§4.3) observes statements without Resource accepted.
  resource: { principal: 'required', notPrincipal: true, resource: 'optional', iamSid: false },
  trust: { principal: 'required', notPrincipal: false, resource: 'forbidden', iamSid: true },
};

export interface ParseOptions {
  /** Apply KMS key-policy checks (OverlyPermissiveCondition) in addition to the IAM grammar. */
  readonly keyPolicy?: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function stringList(value: unknown, field: string): string[] {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) && value.length > 0 ? value : undefined;
  if (!list || list.some((v) => typeof v !== 'string' || v === '')) grammarError(M.notStringList(field));
  return list as string[];
}

function actions(value: unknown, field: string): string[] {
  const list = stringList(value, field);
  for (const a of list) {
    if (a === '*') continue;
    if (!a.includes(':')) grammarError(M.vendorPrefix);
    if (!ACTION.test(a)) grammarError(M.invalidAction(a));
  }
  return list;
}

function resources(value: unknown, field: string): string[] {
  const list = stringList(value, field);
  for (const r of list) if (r !== '*' && !/^arn:[^:]*:/.test(r)) grammarError(M.resourceFormat(r));
  return list;
}

function exclusive(raw: Record<string, unknown>, a: string, b: string): 'a' | 'b' | undefined {
  const hasA = raw[a] !== undefined;
  const hasB = raw[b] !== undefined;
  if (hasA && hasB) grammarError(M.bothElements(a, b));
  return hasA ? 'a' : hasB ? 'b' : undefined;
}

function principals(raw: Record<string, unknown>, rules: KindRules) {
  const which = exclusive(raw, 'Principal', 'NotPrincipal');
  if (rules.principal === 'forbidden' && which) grammarError(M.identityPrincipal);
  if (rules.principal === 'required' && !which) grammarError(M.missingPrincipal);
  if (which === 'b' && !rules.notPrincipal) grammarError(M.prohibitedField('NotPrincipal'));
  if (which === 'a') return { principal: parsePrincipalElement(raw.Principal) };
  return which === 'b' ? { notPrincipal: parsePrincipalElement(raw.NotPrincipal) } : {};
}

function resourceElements(raw: Record<string, unknown>, rules: KindRules) {
  const which = exclusive(raw, 'Resource', 'NotResource');
  if (rules.resource === 'forbidden' && which) grammarError(M.prohibitedField(which === 'a' ? 'Resource' : 'NotResource'));
  if (rules.resource === 'required' && !which) grammarError(M.missingResources);
  if (which === 'a') return { resource: resources(raw.Resource, 'Resource') };
  return which === 'b' ? { notResource: resources(raw.NotResource, 'NotResource') } : {};
}

function parseStatement(raw: unknown, kind: PolicyKind, version: PolicyVersion, options: ParseOptions): PolicyStatement {
  if (!isObject(raw)) grammarError(M.statementNotObject);
  for (const name of Object.keys(raw)) if (!STATEMENT_ELEMENTS.has(name)) grammarError(M.unknownField(name));
  const rules = KIND_RULES[kind];
  if (raw.Sid !== undefined && typeof raw.Sid !== 'string') grammarError(M.sidType);
  if (rules.iamSid && typeof raw.Sid === 'string' && !IAM_SID.test(raw.Sid)) grammarError(M.sidCharacters);
  if (raw.Effect === undefined) grammarError(M.missingField('Effect'));
  if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny') grammarError(M.invalidEffect(JSON.stringify(raw.Effect)));
  const which = exclusive(raw, 'Action', 'NotAction');
  if (!which) grammarError(M.missingActions);
  return {
    ...(typeof raw.Sid === 'string' ? { sid: raw.Sid } : {}),
    effect: raw.Effect,
    ...principals(raw, rules),
    ...(which === 'a' ? { action: actions(raw.Action, 'Action') } : { notAction: actions(raw.NotAction, 'NotAction') }),
    ...resourceElements(raw, rules),
    conditions: parseConditions(raw.Condition, {
      variables: version === '2012-10-17', keyPolicy: kind === 'resource' && options.keyPolicy === true,
    }),
  };
}

function parseJson(text: string, kind: PolicyKind): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    grammarError(M.invalidJson(kind));
  }
  if (!isObject(doc)) grammarError(M.notObject);
  return doc;
}

/** Parses and validates a policy document of the given kind; throws PolicyGrammarError with IAM-style text. */
export function parsePolicy(text: string, kind: PolicyKind, options: ParseOptions = {}): PolicyDocument {
  const doc = parseJson(text, kind);
  for (const name of Object.keys(doc)) if (!TOP_LEVEL.has(name)) grammarError(M.unknownField(name));
  // "If you do not include a Version element, the value defaults to 2008-10-17" (IAM User Guide, Version).
  const version = doc.Version === undefined ? '2008-10-17' : doc.Version;
  if (typeof version !== 'string' || !VERSIONS.has(version)) grammarError(M.legacyParsing);
  if (doc.Id !== undefined && typeof doc.Id !== 'string') grammarError(M.idType);
  if (doc.Statement === undefined) grammarError(M.missingField('Statement'));
  const list = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  if (list.length === 0) grammarError(M.noStatements);
  const statements = list.map((s) => parseStatement(s, kind, version as PolicyVersion, options));
  const sids = statements.map((s) => s.sid).filter((s): s is string => s !== undefined && s !== '');
  if (new Set(sids).size !== sids.length) grammarError(M.duplicateSid);
  return { kind, version: version as PolicyVersion, ...(typeof doc.Id === 'string' ? { id: doc.Id } : {}), statements };
}
