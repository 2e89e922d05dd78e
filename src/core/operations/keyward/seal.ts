// KeywardService.Seal: seals the node that answers (administrators only). The answer and its audit record are
// written first; then the node forgets its root key, barrier keys and cached material, and answers every KMS call
// with the sealed error until operators unseal it again. Other nodes sharing the database stay unsealed (each node
// unseals and seals on its own). docs/operations.md "Seal".
import { requireAdministrator } from '../../access/administrator.js';
import { defineExtensionOperation } from '../../operation.js';

export const seal = defineExtensionOperation<Record<string, never>>({
  name: 'Seal',
  doc: 'Seals the node that answers: it forgets its root key, barrier keys and cached key material and answers every KMS call with the sealed error until operators unseal it. Other nodes sharing the database stay unsealed.',
  errors: ['AccessDeniedException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: {},
  output: { Sealed: { t: 'bool', required: true, doc: 'Always true: the node seals once this answer is written.' } },
  async run(ctx) {
    await requireAdministrator(ctx, 'Seal');
    ctx.audit.details.node = ctx.service.deps.node.id;
    ctx.service.deps.node.sealAfterResponse();
    return { Sealed: true };
  },
});
