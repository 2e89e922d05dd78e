// What an IAM or STS operation is: a name, the action it is authorised as and on which resource, and its own logic.
// The dispatcher does the rest (SigV4, the Query protocol's parsing and validation per the AWS model, identity-based
// authorization, the directory reload after a change, audit, the XML answer).
import type { Principal } from '../core/service.js';
import type { IdentityService } from './identity-service.js';

export interface IdentityContext {
  readonly principal: Principal;
  readonly requestId: string;
  readonly identity: IdentityService;
  readonly sourceAddress: string;
  /** Non-secret facts for the audit record (names, ids, ARNs; never secrets or documents). */
  readonly details: Record<string, unknown>;
}

export interface QueryOperation<I = any> {
  readonly name: string;
  readonly service: 'iam' | 'sts';
  /** The action authorised by identity-based policies; null when every authenticated caller may call it. */
  readonly action: string | null;
  /** The resource the action is authorised on (an entity's ARN, or '*'). */
  resource(ctx: IdentityContext, input: I): string;
  /** Whether it changes identity (then every node's directory reloads). */
  readonly mutates: boolean;
  run(ctx: IdentityContext, input: I): Promise<Record<string, unknown>>;
}

type Definition<I> = Omit<QueryOperation<I>, 'service' | 'action' | 'mutates'> & { action?: string | null };

const mutating = (name: string) => !/^(Get|List)/.test(name);

export function iamOperation<I>(def: Definition<I>): QueryOperation<I> {
  return { ...def, service: 'iam', action: def.action === undefined ? `iam:${def.name}` : def.action, mutates: mutating(def.name) };
}

export function stsOperation<I>(def: Definition<I>): QueryOperation<I> {
  return { ...def, service: 'sts', action: def.action === undefined ? `sts:${def.name}` : def.action, mutates: false };
}
