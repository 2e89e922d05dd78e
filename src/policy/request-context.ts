// The request as the evaluator sees it: action, resource (split once), and a case-insensitive lookup of condition
// keys in which the principal's global keys (aws:PrincipalArn, aws:userid, aws:PrincipalTag/…) are filled in.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
import { splitArn } from './arn-pattern.js';
import type { ConditionContext, ContextValue, RequestPrincipal } from './types.js';
import type { Lookup } from './variables.js';

export interface RequestEnv {
  readonly principal: RequestPrincipal;
  readonly action: string;
  readonly actionLower: string;
  readonly resource: string;
  readonly resourceArn: readonly string[] | undefined;
  readonly lookup: Lookup;
}

const normalised = new WeakMap<object, Map<string, ContextValue>>();

/** The context with lower-cased keys; cached per context object, since one request is evaluated several times. */
function lowerKeys(context: ConditionContext | undefined): Map<string, ContextValue> {
  if (!context) return new Map();
  let map = normalised.get(context);
  if (!map) {
    map = new Map();
    for (const [k, v] of Object.entries(context)) if (v !== undefined) map.set(k.toLowerCase(), v);
    normalised.set(context, map);
  }
  return map;
}

const principalTags = new WeakMap<object, Map<string, string>>();

function tagOf(principal: RequestPrincipal, lowerTagKey: string): string | undefined {
  const tags = principal.tags;
  if (!tags) return undefined;
  let map = principalTags.get(tags);
  if (!map) {
    map = new Map(Object.entries(tags).map(([k, v]) => [k.toLowerCase(), v]));
    principalTags.set(tags, map);
  }
  return map.get(lowerTagKey);
}

/** The global keys AWS derives from the principal (IAM User Guide, "Principal key values"). */
function principalKey(p: RequestPrincipal, key: string): ContextValue | undefined {
  switch (key) {
    // For a role session aws:PrincipalArn is the role's ARN, not the session's.
    case 'aws:principalarn': return p.type === 'AssumedRole' && p.roleArn ? p.roleArn : p.arn;
    case 'aws:principalaccount': return p.accountId;
    case 'aws:principaltype': return p.type;
    case 'aws:userid': return p.userId;
    case 'aws:username': return p.type === 'User' ? p.username : undefined;
    case 'aws:principalservicename': return p.type === 'Service' ? p.arn : undefined;
    default: return key.startsWith('aws:principaltag/') ? tagOf(p, key.slice('aws:principaltag/'.length)) : undefined;
  }
}

export function requestEnv(principal: RequestPrincipal, action: string, resource: string,
  context: ConditionContext | undefined): RequestEnv {
  const map = lowerKeys(context);
  return {
    principal,
    action,
    actionLower: action.toLowerCase(),
    resource,
    resourceArn: splitArn(resource),
    lookup: (key) => map.get(key) ?? principalKey(principal, key),
  };
}
