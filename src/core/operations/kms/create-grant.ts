// CreateGrant: lets a grantee principal use a key for the listed operations, optionally under constraints; with a
// Name, a retry with identical parameters returns the same GrantId (and a new token).
// https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html
import { KmsError } from '../../../protocol/errors.js';
import { F } from '../../../protocol/shape.js';
import {
  checkConstraints, checkOperations, CONSTRAINTS_FIELD, GRANT_NAME_FIELD, GRANT_OPERATIONS, grantFingerprint,
  issueGrantToken, MAX_GRANTS_PER_KEY, newGrantId, PRINCIPAL_FIELD, redeemGrantToken, SERVICE_PRINCIPAL_FIELD,
  type GrantOperation,
} from '../../access/grants.js';
import type { GrantConstraints, GrantRecord } from '../../model.js';
import { keyNotFound } from '../../keys/arn.js';
import { defineOperation } from '../../operation.js';
import { StoreConflictError } from '../../ports.js';

interface Input {
  KeyId: string; GranteePrincipal?: string; GranteeServicePrincipal?: string; RetiringPrincipal?: string;
  RetiringServicePrincipal?: string; Operations: GrantOperation[]; Constraints?: GrantConstraints; GrantTokens?: string[];
  Name?: string; DryRun?: boolean;
}

/** Exactly one grantee; a service principal also needs a SourceArn constraint and a retiring principal (§2.5). */
function checkPrincipals(input: Input): void {
  if ((input.GranteePrincipal === undefined) === (input.GranteeServicePrincipal === undefined)) {
    throw new KmsError('ValidationException', 'Exactly one of GranteePrincipal and GranteeServicePrincipal must be specified.');
  }
  if (input.RetiringPrincipal !== undefined && input.RetiringServicePrincipal !== undefined) {
    throw new KmsError('ValidationException', 'RetiringPrincipal and RetiringServicePrincipal cannot both be specified.');
  }
  if (input.GranteeServicePrincipal !== undefined) {
    if (input.Constraints?.SourceArn === undefined) {
      throw new KmsError('ValidationException', 'A grant for a service principal requires a SourceArn constraint.');
    }
    if (input.RetiringPrincipal === undefined && input.RetiringServicePrincipal === undefined) {
      throw new KmsError('ValidationException', 'A grant for a service principal requires a retiring principal.');
    }
  }
}

export const createGrant = defineOperation<Input>({
  name: 'CreateGrant',
  input: {
    KeyId: F.keyId(), GranteePrincipal: PRINCIPAL_FIELD, RetiringPrincipal: PRINCIPAL_FIELD,
    Operations: { t: 'list', required: true, min: 1, of: { t: 'enum', values: GRANT_OPERATIONS } },
    Constraints: CONSTRAINTS_FIELD, GrantTokens: F.grantTokens(), Name: GRANT_NAME_FIELD, DryRun: F.dryRun(),
    GranteeServicePrincipal: SERVICE_PRINCIPAL_FIELD, RetiringServicePrincipal: SERVICE_PRINCIPAL_FIELD,
  },
  async run(ctx, input) {
    checkPrincipals(input);
    const key = await ctx.key(input.KeyId, 'CreateGrant', 'idOrArn', { newGrantConstraints: input.Constraints });
    checkOperations(key.record, input.Operations);
    checkConstraints(key.record, input.Constraints);
    // A strongly consistent service needs no grant tokens, but a token it did not issue is still refused.
    for (const token of input.GrantTokens ?? []) await redeemGrantToken(ctx.service, token);
    ctx.dryRun(input.DryRun);
    const { service } = ctx;
    const constraints = input.Constraints && Object.keys(input.Constraints).length > 0 ? input.Constraints : undefined;
    const fields = {
      keyId: key.record.keyId, name: input.Name, granteePrincipal: input.GranteePrincipal,
      granteeServicePrincipal: input.GranteeServicePrincipal, retiringPrincipal: input.RetiringPrincipal,
      retiringServicePrincipal: input.RetiringServicePrincipal, issuingAccount: `arn:aws:iam::${service.scope.accountId}:root`,
      operations: input.Operations, constraints,
    };
    const fingerprint = input.Name === undefined ? undefined : grantFingerprint(fields);
    const existing = fingerprint && (await service.store.findGrant(key.record.keyId, fingerprint));
    let grantId = existing ? existing.grantId : newGrantId();
    if (!existing) {
      const grant: GrantRecord = { ...fields, grantId, createdAt: service.now(), fingerprint };
      try {
        const outcome = await service.store.createGrant(grant, MAX_GRANTS_PER_KEY);
        if (outcome === 'missing') throw keyNotFound(ctx.scope, key.record.keyId);
        if (outcome === 'limit') {
          throw new KmsError('LimitExceededException', `The number of grants on ${key.arn} would exceed the limit of ${MAX_GRANTS_PER_KEY}.`);
        }
        service.keys.invalidate(key.record.keyId); // usable at once on this node; the change feed tells the others
      } catch (err) {
        // An identical named request committed first: answer with its grant, as a retry would be answered.
        const winner = err instanceof StoreConflictError && fingerprint ? await service.store.findGrant(key.record.keyId, fingerprint) : undefined;
        if (!winner) throw err;
        grantId = winner.grantId;
      }
    }
    ctx.audit.details.grantId = grantId; // never the token
    return { GrantToken: await issueGrantToken(service, grantId), GrantId: grantId };
  },
});
