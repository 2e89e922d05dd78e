// The shape of one decision-table row and the runner that evaluates it with the engine.
import {
  compilePolicy, evaluate, evaluateKms, parsePolicy, type ConditionContext, type Decision, type GrantConstraints, type GrantInput,
  type PolicyType, type RequestPrincipal,
} from '../../../src/policy/index.js';
import { KEY, encryptionContextKeys } from './fixtures.js';

export interface Case {
  readonly name: string;
  /** The documentation page the example comes from. */
  readonly doc?: string;
  /** 'kms' (the default): evaluateKms with `key` as the key policy; 'iam': evaluate with `key` as the resource policy. */
  readonly mode?: 'kms' | 'iam';
  readonly key?: object;
  /** 'iam' mode: a role trust policy as the resource policy. */
  readonly trust?: object;
  readonly identity?: readonly object[];
  readonly session?: readonly object[];
  readonly boundary?: object;
  readonly grants?: readonly GrantInput[];
  readonly principal: RequestPrincipal;
  readonly action: string;
  /** Defaults to the key ARN. */
  readonly resource?: string;
  readonly context?: ConditionContext;
  /** An encryption context: sets kms:EncryptionContext:* and kms:EncryptionContextKeys, and is checked by grants. */
  readonly ec?: Record<string, string>;
  readonly newGrant?: GrantConstraints;
  readonly expect: Decision['effect'];
  readonly by?: PolicyType | 'grant' | 'root';
}

const compile = (o: object, kind: 'identity' | 'resource' | 'session' | 'trust', name: string) =>
  compilePolicy(parsePolicy(JSON.stringify(o), kind, { keyPolicy: true }), name);

export function runCase(c: Case): Decision {
  const context = c.ec ? { ...encryptionContextKeys(c.ec), ...c.context } : c.context;
  const common = {
    principal: c.principal, action: c.action, resource: c.resource ?? KEY,
    ...(context ? { context } : {}),
    identityPolicies: (c.identity ?? []).map((p, i) => compile(p, 'identity', `identity-${i}`)),
    ...(c.session ? { sessionPolicies: c.session.map((p, i) => compile(p, 'session', `session-${i}`)) } : {}),
    ...(c.boundary ? { permissionsBoundary: compile(c.boundary, 'identity', 'boundary') } : {}),
  };
  if (c.mode === 'iam') {
    const resourcePolicy = c.trust ? compile(c.trust, 'trust', 'trust') : c.key ? compile(c.key, 'resource', 'resource') : undefined;
    return evaluate({ ...common, ...(resourcePolicy ? { resourcePolicy } : {}) });
  }
  return evaluateKms({
    ...common,
    ...(c.key ? { keyPolicy: compile(c.key, 'resource', 'key-policy') } : {}),
    ...(c.grants ? { grants: c.grants } : {}),
    ...(c.ec ? { encryptionContext: c.ec } : {}),
    ...(c.newGrant ? { newGrantConstraints: c.newGrant } : {}),
  });
}
