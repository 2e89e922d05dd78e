// HashAuditValue: the HMAC under which the audit log records a sensitive value (an encryption-context value, a grant
// token), so an auditor can find the records holding it (LookupEvents with HashedValue) without the log holding the
// value. Vault's sys/audit-hash. Authorised as keyward:HashAuditValue: it lets its caller test guesses against the log,
// so grant it to auditors only. https://developer.hashicorp.com/vault/api-docs/system/audit-hash
import { KmsError } from '../../../protocol/errors.js';
import { defineExtensionOperation } from '../../operation.js';

interface Input { Value: string }

export const hashAuditValue = defineExtensionOperation<Input>({
  name: 'HashAuditValue',
  doc: "Returns the HMAC (hmac-sha256:<hex>) under which audit events record Value when it is sensitive (encryption-context values, grant tokens, external ids), computed with the installation's audit key. Use it as LookupEvents' HashedValue.",
  errors: ['ValidationException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: { Value: { t: 'string', required: true, min: 1, max: 8192, name: 'AuditValueType' } },
  output: { Hash: { t: 'string', required: true, name: 'AuditHashType' } },
  async run(ctx, input) {
    await ctx.authorizeAccount('HashAuditValue');
    const view = ctx.service.deps.auditEvents;
    if (!view) throw new KmsError('KMSInternalException', 'The audit event view is not configured.');
    return { Hash: view.hash(input.Value) };
  },
});
