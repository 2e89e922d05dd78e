// Compiles a parsed document once: action, resource and principal patterns become matchers, condition values are read
// into their types, and statements are bucketed per action (memoised), so an evaluation touches only the statements
// that name its action. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
import { compileArnPattern, type ArnMatcher } from './arn-pattern.js';
import { compileCondition, type CompiledCondition } from './condition-eval.js';
import { compileGlob, hasWildcard, type Matcher } from './glob.js';
import { compileNotPrincipal, compilePrincipal, matchRank, type PrincipalMatch, type PrincipalMatcher } from './principal-match.js';
import type { RequestEnv } from './request-context.js';
import type { Effect, PolicyDocument, PolicyKind, PolicyStatement } from './types.js';

export interface CompiledStatement {
  readonly index: number;
  readonly sid?: string;
  /** The Sid, or `#<index>` when the statement has none: how decisions name it. */
  readonly label: string;
  readonly effect: Effect;
  readonly source: PolicyStatement;
  /** How the statement's Principal/NotPrincipal matches the caller; identity-side statements match it directly. */
  readonly principal: PrincipalMatcher;
  /** Resource/NotResource and conditions; action was checked by bucketing. */
  readonly applies: (env: RequestEnv) => boolean;
}

export interface CompiledPolicy {
  readonly kind: PolicyKind;
  readonly document: PolicyDocument;
  /** A name for decisions and logs (the caller's policy name or ARN), if given. */
  readonly name?: string;
  readonly statements: readonly CompiledStatement[];
  /** The statements whose Action/NotAction covers the action (lower-cased), in document order. */
  forAction(actionLower: string): readonly CompiledStatement[];
}

const ACTION_MEMO_LIMIT = 512;
const direct: PrincipalMatcher = () => 'direct';

function actionMatcher(s: PolicyStatement): Matcher {
  const patterns = (s.action ?? s.notAction)!;
  const exact = new Set(patterns.filter((p) => !hasWildcard(p)).map((p) => p.toLowerCase()));
  // Action names and service prefixes are case-insensitive (IAM User Guide, Action element).
  const globs = patterns.filter(hasWildcard).map((p) => compileGlob(p, true));
  const covers: Matcher = (a) => exact.has(a) || globs.some((g) => g(a));
  return s.notAction ? (a) => !covers(a) : covers;
}

function resourceMatcher(s: PolicyStatement, kind: PolicyKind, variables: boolean): ((env: RequestEnv) => boolean) {
  const patterns = s.resource ?? s.notResource;
  // Trust policies have no Resource element: they apply to their role. A key-policy statement without one (accepted
  // by KMS) matches nothing.
  if (!patterns) return kind === 'trust' ? () => true : () => false;
  // Variables only in the resource part of the ARN, after the fifth colon.
  const matchers: ArnMatcher[] = patterns.map((p) => compileArnPattern(p, variables ? 5 : 6));
  const any = (env: RequestEnv) => matchers.some((m) => m(env.resourceArn, env.resource, env.lookup));
  return s.notResource ? (env) => !any(env) : any;
}

function compileStatement(s: PolicyStatement, index: number, kind: PolicyKind, variables: boolean): CompiledStatement & { action: Matcher } {
  const resource = resourceMatcher(s, kind, variables);
  const conditions: CompiledCondition[] = s.conditions.map((c) => compileCondition(c, variables));
  const principal = s.principal ? compilePrincipal(s.principal) : s.notPrincipal ? compileNotPrincipal(s.notPrincipal) : direct;
  return {
    index,
    ...(s.sid !== undefined ? { sid: s.sid } : {}),
    label: s.sid !== undefined && s.sid !== '' ? s.sid : `#${index}`,
    effect: s.effect,
    source: s,
    principal,
    action: actionMatcher(s),
    applies: (env) => resource(env) && conditions.every((c) => c(env.lookup)),
  };
}

/** Compiles a parsed document; `name` labels it in decisions. */
export function compilePolicy(document: PolicyDocument, name?: string): CompiledPolicy {
  const variables = document.version === '2012-10-17';
  const statements = document.statements.map((s, i) => compileStatement(s, i, document.kind, variables));
  const memo = new Map<string, readonly CompiledStatement[]>();
  return {
    kind: document.kind,
    document,
    ...(name !== undefined ? { name } : {}),
    statements,
    forAction(actionLower) {
      let list = memo.get(actionLower);
      if (!list) {
        list = statements.filter((s) => s.action(actionLower));
        if (memo.size >= ACTION_MEMO_LIMIT) memo.clear();
        memo.set(actionLower, list);
      }
      return list;
    },
  };
}

/** The first statement of an effect that applies to the request, with how its principal matched. */
export interface StatementHit {
  readonly policy: CompiledPolicy;
  readonly statement: CompiledStatement;
  readonly match: PrincipalMatch;
}

export function firstHit(policies: readonly CompiledPolicy[], env: RequestEnv, effect: Effect): StatementHit | undefined {
  let best: StatementHit | undefined;
  for (const policy of policies) {
    for (const statement of policy.forAction(env.actionLower)) {
      if (statement.effect !== effect) continue;
      const match = statement.principal(env.principal);
      if (match === 'none' || (best && matchRank(best.match) >= matchRank(match))) continue;
      if (!statement.applies(env)) continue;
      best = { policy, statement, match };
      // Any applicable Deny is final; an Allow is searched on for a stronger principal match.
      if (match === 'direct' || effect === 'Deny') return best;
    }
  }
  return best;
}
