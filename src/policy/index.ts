// The policy engine's public surface: parse, compile, evaluate (IAM and KMS compositions) and the lockout check.
// Pure functions: no I/O, nothing imported from the rest of Keyward. See docs/policy.md.
export { parsePolicy, type ParseOptions } from './parse-policy.js';
export { PolicyGrammarError } from './grammar-error.js';
export { policyPrincipals, type NamedPrincipal } from './parse-principal.js';
export { compilePolicy, type CompiledPolicy } from './compile.js';
export { evaluate, type EvaluationInput, type PolicyInput } from './evaluate.js';
export { evaluateKms, wouldLockOut, type KmsEvaluationInput } from './evaluate-kms.js';
export type { Decision, DecisionBasis, PolicyType } from './decision.js';
export type { EncryptionContext, GrantConstraints } from './grants.js';
export type {
  ConditionContext, ContextValue, GrantInput, PolicyDocument, PolicyKind, PolicyStatement, PolicyVersion, PrincipalType,
  RequestPrincipal, Mutable,
} from './types.js';
