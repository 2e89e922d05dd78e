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

// Context keys as the caller wrote them → lower case, remembered (the same few dozen keys recur on every request), so
// a lookup compares without allocating; a fresh context object per request costs nothing to prepare.
const lowered = new Map<string, string>();
function lower(key: string): string {
  let l = lowered.get(key);
  if (l === undefined) {
    l = key.toLowerCase();
    if (lowered.size >= 4096) lowered.clear();
    lowered.set(key, l);
  }
  return l;
}

function find(context: ConditionContext | undefined, lowerKey: string): ContextValue | undefined {
  if (!context) return undefined;
  for (const k in context) {
    if (lower(k) === lowerKey) {
      const v = context[k];
      if (v !== undefined) return v;
    }
  }
  return undefined;
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

const splitCache = new Map<string, readonly string[] | undefined>();
/** The resource ARN split once per distinct ARN (keys repeat across requests). */
function splitResource(resource: string): readonly string[] | undefined {
  if (splitCache.has(resource)) return splitCache.get(resource);
  const parts = splitArn(resource);
  if (splitCache.size >= 4096) splitCache.clear();
  splitCache.set(resource, parts);
  return parts;
}

export function requestEnv(principal: RequestPrincipal, action: string, resource: string,
  context: ConditionContext | undefined): RequestEnv {
  return {
    principal,
    action,
    actionLower: action.toLowerCase(),
    resource,
    resourceArn: splitResource(resource),
    lookup: (key) => find(context, key) ?? principalKey(principal, key),
  };
}
